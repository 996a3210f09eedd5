import { AdminDashboardResponse, ORDER_STATUSES, Problem, STORE_TIME_ZONE } from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { summarizeOrders } from "../modules/orders/index.ts";
import { summarizePayments } from "../modules/payments/index.ts";
import { requireUser } from "../platform/http/auth.ts";
import { countFailedJobs } from "../platform/jobs/admin.ts";
import { formatMinor } from "../platform/money.ts";

// Why here and not beside platform/http/jobs-admin.ts: platform/ holds no domain code, and the
// dashboard composes several modules' public summaries (orders, payments) with the job queue's,
// as app.ts composes modules; so it lives at the composition level, in its own folder.

const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

/**
 * Midnight at the start of `now`'s day in `timeZone`, and `daysBack` days before it. Assumes the
 * zone's UTC offset did not change since that midnight (true of Africa/Nairobi, which keeps no DST).
 */
export function startOfDay(timeZone: string, now: Date, daysBack = 0): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offsetMs = wallClock - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day - daysBack) - offsetMs);
}

/** GET /api/admin/dashboard: the day's and the week's orders and revenue, statuses, failing jobs. */
export const dashboardRoutes: FastifyPluginAsyncZod<{ storeCurrency: string; now?: () => Date }> = async (
  app,
  { storeCurrency, now = () => new Date() },
) => {
  app.get(
    "/admin/dashboard",
    {
      preHandler: requireUser("staff", "admin"),
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        summary: `Orders and revenue today and over 7 days (the store's day in ${STORE_TIME_ZONE}), orders and payments by status, failed jobs (staff, admin)`,
        response: { 200: AdminDashboardResponse, ...problems(401, 403) },
      },
    },
    async (req) => {
      const at = now();
      const [today, week, payments, failedJobs] = await Promise.all([
        summarizeOrders(req.ctx, { since: startOfDay(STORE_TIME_ZONE, at) }),
        summarizeOrders(req.ctx, { since: startOfDay(STORE_TIME_ZONE, at, 6) }),
        summarizePayments(req.ctx),
        countFailedJobs(req.ctx.db),
      ]);
      const window = (s: typeof today) => ({
        since: s.since.toISOString(),
        orders: s.placed,
        revenue: formatMinor(s.revenueMinor, storeCurrency),
      });
      return {
        currency: storeCurrency,
        time_zone: STORE_TIME_ZONE,
        today: window(today),
        last_7_days: window(week),
        orders_by_status: ORDER_STATUSES.map((status) => ({ status, count: today.byStatus[status] })),
        payments_by_status: payments.map((p) => ({
          status: p.status,
          count: p.count,
          amount: formatMinor(p.amountMinor, p.currency),
          currency: p.currency,
        })),
        failed_jobs: failedJobs,
      };
    },
  );
};
