import { z } from "zod";
import { CurrencyCode, MoneyString, PageQuery, pageOf, Timestamp } from "./common.ts";
import { UserResponse } from "./identity.ts";
import { OrderStatus } from "./orders.ts";
import { PaymentStatus } from "./payments.ts";

/** The store's day: "today" on the dashboard starts at midnight in this time zone. */
export const STORE_TIME_ZONE = "Africa/Nairobi" as const;

export const DashboardWindow = z.object({
  since: Timestamp.describe(`Start of the window (midnight in ${STORE_TIME_ZONE} for today and six days before)`),
  orders: z.number().int().describe("Orders placed since `since`, whatever became of them"),
  revenue: MoneyString.describe(
    "Sum of the totals of orders paid since `since` (paid_at in the window), in the store currency; orders later cancelled or refunded are left out",
  ),
});
export type DashboardWindow = z.infer<typeof DashboardWindow>;

export const AdminDashboardResponse = z.object({
  currency: CurrencyCode.describe("The store currency, in which revenue is counted"),
  time_zone: z.literal(STORE_TIME_ZONE).describe("Whose day 'today' is"),
  today: DashboardWindow.describe(`Since midnight today in ${STORE_TIME_ZONE}`),
  last_7_days: DashboardWindow.describe(`Today and the six days before, in ${STORE_TIME_ZONE}`),
  orders_by_status: z
    .array(z.object({ status: OrderStatus, count: z.number().int() }))
    .describe("Every order status with how many orders are in it now (zeros included)"),
  payments_by_status: z
    .array(
      z.object({
        status: PaymentStatus,
        count: z.number().int(),
        amount: MoneyString.describe("Sum of these payments' amounts"),
        currency: CurrencyCode,
      }),
    )
    .describe("Payment attempts of all time per status and currency (only statuses that occur)"),
  failed_jobs: z
    .number()
    .int()
    .describe("Background jobs that used up their retries (as GET /api/admin/jobs/failed lists them)"),
});
export type AdminDashboardResponse = z.infer<typeof AdminDashboardResponse>;

export const AdminUserListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Part of the email, username or phone number (07…, 2547… or +2547… all find the same phone)"),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserListResponse = pageOf(UserResponse);
export type AdminUserListResponse = z.infer<typeof AdminUserListResponse>;
