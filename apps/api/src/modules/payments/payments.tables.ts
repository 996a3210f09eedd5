import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const paymentsSchema = pgSchema("payments");

/** Raw provider traffic kept with a payment: what we sent, what came back, every callback. */
export type PaymentRaw = { request?: unknown; response?: unknown; callbacks?: unknown[] };

/** One attempt to pay one order with one provider (the seeds' Transaction). */
export const payments = paymentsSchema.table(
  "payments",
  {
    id: uuid().primaryKey(),
    // Orders live in another module; referred to by id only.
    orderId: uuid().notNull(),
    userId: uuid(),
    provider: text({ enum: ["mock", "wallet", "mpesa", "stripe"] }).notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    phoneNumber: text(),
    providerReference: text(),
    receipt: text(),
    status: text({ enum: ["pending", "succeeded", "failed", "flagged", "cancelled"] })
      .notNull()
      .default("pending"),
    failureReason: text(),
    redirectUrl: text(),
    /** What the shopper sees at the gateway ("Order SK-…"). */
    description: text(),
    raw: jsonb().$type<PaymentRaw>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payments_provider_reference_key")
      .on(t.provider, t.providerReference)
      .where(sql`${t.providerReference} is not null`),
    index("payments_order_idx").on(t.orderId),
    index("payments_user_created_idx").on(t.userId, t.createdAt),
    index("payments_created_idx").on(t.createdAt),
    // Stripe's charge.refunded names the payment intent, kept as the receipt.
    index("payments_provider_receipt_idx").on(t.provider, t.receipt),
  ],
);

/**
 * Every distinct callback received, keyed per provider, so a duplicate is recognised (and
 * counted) instead of being applied twice.
 */
export const webhookEvents = paymentsSchema.table(
  "webhook_events",
  {
    id: uuid().primaryKey(),
    provider: text().notNull(),
    eventKey: text().notNull(),
    paymentId: uuid(),
    payload: jsonb().notNull(),
    deliveries: integer().notNull().default(1),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastReceivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webhook_events_provider_key").on(t.provider, t.eventKey)],
);

/**
 * Money given back for a payment: through the provider that took it (a Stripe refund, re_…) or
 * credited to the shopper's wallet (wallet, mock, M-Pesa). The sum of the refunds that did not fail
 * never exceeds the payment.
 */
export const refunds = paymentsSchema.table(
  "refunds",
  {
    id: uuid().primaryKey(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id),
    orderId: uuid().notNull(),
    provider: text({ enum: ["mock", "wallet", "mpesa", "stripe"] }).notNull(),
    method: text({ enum: ["provider", "wallet"] }).notNull(),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    status: text({ enum: ["pending", "succeeded", "failed"] }).notNull(),
    providerReference: text(),
    reason: text().notNull(),
    raw: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("refunds_provider_reference_key")
      .on(t.provider, t.providerReference)
      .where(sql`${t.providerReference} is not null`),
    index("refunds_payment_idx").on(t.paymentId),
    index("refunds_order_idx").on(t.orderId),
    check("refunds_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);
