import { pgSchema, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const checkoutSchema = pgSchema("checkout");

/**
 * One row per Idempotency-Key and caller (scope: `user:<id>` or `guest:<email>`). The row is
 * inserted first thing in the checkout transaction: a concurrent request with the same key waits
 * on the primary key until the first commits (then returns its order) or rolls back (then
 * proceeds itself). request_hash tells a true retry from a different request reusing the key.
 */
export const idempotencyKeys = checkoutSchema.table(
  "idempotency_keys",
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    orderId: uuid().notNull(),
    paymentId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
