import { count, gte, sum } from "drizzle-orm";
import type { Ctx } from "../../platform/ctx.ts";
import { ForbiddenError } from "../../platform/errors.ts";
import type { PaymentStatus } from "./payments.repo.ts";
import { payments } from "./payments.tables.ts";

export type PaymentsSummaryRow = { status: PaymentStatus; currency: string; count: number; amountMinor: number };

/**
 * Payment attempts per status and currency (created since `since`, or all of them), for the admin
 * dashboard; only combinations that occur, in a stable order. Throws ForbiddenError unless the actor
 * is staff, an admin or the system.
 */
export async function summarizePayments(ctx: Ctx, { since }: { since?: Date } = {}): Promise<PaymentsSummaryRow[]> {
  const staff = ctx.actor.kind === "system" || (ctx.actor.kind === "user" && ctx.actor.role !== "customer");
  if (!staff) throw new ForbiddenError();
  const rows = await ctx.db
    .select({
      status: payments.status,
      currency: payments.currency,
      count: count(),
      amount: sum(payments.amountMinor).mapWith(Number),
    })
    .from(payments)
    .where(since ? gte(payments.createdAt, since) : undefined)
    .groupBy(payments.status, payments.currency)
    .orderBy(payments.status, payments.currency);
  return rows.map((r) => ({
    status: r.status,
    currency: r.currency,
    count: Number(r.count),
    amountMinor: r.amount ?? 0,
  }));
}
