import { sql } from "drizzle-orm";
import { bigint, char, check, index, pgSchema, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";

export const walletSchema = pgSchema("wallet");

/**
 * One row per wallet. It holds no balance: it exists so every balance change can lock it
 * (SELECT ... FOR UPDATE) and concurrent spends of one wallet serialize.
 */
export const accounts = walletSchema.table("accounts", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  currency: char({ length: 3 }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The ledger. Balance = sum(amount_minor). Rows are immutable (a trigger in
 * wallet.migration.sql refuses UPDATE and DELETE); a correction is a new `adjustment` entry.
 */
export const entries = walletSchema.table(
  "entries",
  {
    id: uuid().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => accounts.userId),
    amountMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    kind: text({ enum: ["credit", "payment", "refund", "adjustment"] }).notNull(),
    reason: text().notNull(),
    reference: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A retried refund or payment carries the same reference and must never land twice.
    uniqueIndex("entries_kind_reference_key").on(t.kind, t.reference).where(sql`${t.reference} is not null`),
    index("entries_user_created_idx").on(t.userId, t.createdAt),
    check("entries_amount_nonzero", sql`${t.amountMinor} <> 0`),
  ],
);
