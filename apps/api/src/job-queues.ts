import type { QueueSpec } from "./platform/jobs/queue.ts";

/**
 * Every queue of every module with its retry policy. Queues are created when the database is
 * prepared (before anything enqueues); handlers are wired in worker.ts.
 */
export const JOB_QUEUES: readonly QueueSpec[] = [
  { name: "identity.purgeRefreshTokens", retryLimit: 2 },
  // Six attempts over about five minutes (5, 10, 20, 40, 80 s plus jitter), then the dead-letter queue.
  { name: "notifications.sendEmail", retryLimit: 5, retryDelay: 5 },
  { name: "checkout.expireOrder", retryLimit: 10, retryDelay: 5 },
  { name: "checkout.expireOverdueOrders", retryLimit: 1 },
  // Every minute; a failed run is simply the next minute's.
  { name: "payments.reconcileMpesa", retryLimit: 0 },
  { name: "cart.purgeIdleGuestCarts", retryLimit: 2 },
];
