import { count, gte, inArray, not, or, sql } from "drizzle-orm";
import type { Ctx } from "../../../platform/ctx.ts";
import { ForbiddenError } from "../../../platform/errors.ts";
import { ORDER_STATUSES, type OrderStatus } from "../order-status.ts";
import { orders } from "../orders.tables.ts";

export type OrdersSummary = {
  since: Date;
  /** Orders placed since `since`, whatever became of them. */
  placed: number;
  /**
   * Totals of the orders paid since `since` and not cancelled or refunded since, in the store
   * currency (every order's totals are kept in it, so they add up).
   */
  revenueMinor: number;
  /** How many orders are in each status now, over all time (zeros included). */
  byStatus: Record<OrderStatus, number>;
};

/**
 * Figures over every customer's orders for the admin dashboard. Throws ForbiddenError unless the
 * actor is staff, an admin or the system.
 */
export async function summarizeOrders(ctx: Ctx, { since }: { since: Date }): Promise<OrdersSummary> {
  const staff = ctx.actor.kind === "system" || (ctx.actor.kind === "user" && ctx.actor.role !== "customer");
  if (!staff) throw new ForbiddenError();
  const paidSince = gte(orders.paidAt, since);
  const kept = not(inArray(orders.status, ["cancelled", "refunded"]));
  const [[window], statuses] = await Promise.all([
    ctx.db
      .select({
        placed: sql<number>`count(*) filter (where ${gte(orders.createdAt, since)})`.mapWith(Number),
        revenue: sql<string>`coalesce(sum(${orders.totalMinor}) filter (where ${paidSince} and ${kept}), 0)`.mapWith(
          Number,
        ),
      })
      .from(orders)
      .where(or(gte(orders.createdAt, since), paidSince)),
    ctx.db.select({ status: orders.status, n: count() }).from(orders).groupBy(orders.status),
  ]);
  const byStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  for (const row of statuses) byStatus[row.status] = Number(row.n);
  return { since, placed: window?.placed ?? 0, revenueMinor: window?.revenue ?? 0, byStatus };
}
