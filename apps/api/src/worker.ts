import type { Modules } from "./app.ts";
import { CHECKOUT_JOBS } from "./modules/checkout/index.ts";
import { SEND_EMAIL_JOB, type SendEmailJobData } from "./modules/notifications/index.ts";
import { systemCtx } from "./platform/ctx.ts";
import type { Database } from "./platform/db.ts";
import { createJobQueue, type JobDefinition, startWorker } from "./platform/jobs/queue.ts";
import type { Logger } from "./platform/log.ts";

/** The background jobs of every module, as one list the worker consumes. */
export function jobDefinitions(modules: Modules, database: Database, log: Logger): JobDefinition[] {
  const ctx = () => systemCtx(database.db, log, "worker");
  return [
    {
      name: "identity.purgeRefreshTokens",
      cron: "17 3 * * *",
      handler: async () => {
        const purged = await modules.identity.purgeRefreshTokens(ctx());
        log.info({ purged }, "expired refresh tokens purged");
      },
    },
    {
      name: SEND_EMAIL_JOB,
      handler: async (data, job) => {
        await modules.notifications.deliverEmail(ctx(), (data as SendEmailJobData).emailId, job);
      },
    },
    {
      name: "cart.purgeIdleGuestCarts",
      cron: "41 3 * * *",
      handler: async () => {
        const purged = await modules.cart.purgeIdleGuestCarts(ctx());
        log.info({ purged }, "idle guest carts purged");
      },
    },
    {
      name: CHECKOUT_JOBS.expireOrder,
      handler: async (data) => {
        const { orderId } = data as { orderId: string };
        const outcome = await modules.checkout.expireOrder(ctx(), orderId);
        log.info({ order_id: orderId, outcome }, "order expiry checked");
      },
    },
    {
      // The safety net behind the per-order expiry jobs.
      name: CHECKOUT_JOBS.expireOverdueOrders,
      cron: "* * * * *",
      handler: async () => {
        const expired = await modules.checkout.expireOverdueOrders(ctx());
        if (expired > 0) log.info({ expired }, "overdue orders expired");
      },
    },
    {
      // M-Pesa callbacks get lost: STK Push Query settles what is still pending after MPESA_RECONCILE_AFTER.
      name: "payments.reconcileMpesa",
      cron: "* * * * *",
      handler: async () => {
        const { checked, settled } = await modules.payments.reconcilePending(ctx(), "mpesa");
        if (checked > 0) log.info({ checked, settled }, "pending M-Pesa payments reconciled");
      },
    },
  ];
}

export async function runWorker(modules: Modules, database: Database, log: Logger): Promise<() => Promise<void>> {
  const queue = createJobQueue(database, { supervise: true });
  return startWorker(queue, jobDefinitions(modules, database, log), log);
}
