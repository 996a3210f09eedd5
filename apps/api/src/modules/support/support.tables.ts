import { sql } from "drizzle-orm";
import { bigint, index, pgSchema, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { orders } from "../orders/orders.tables.ts";

export const supportSchema = pgSchema("support");

export const SUPPORT_STATUSES = ["open", "resolved"] as const;

/** Human-facing references (SUP-1001, ...): shoppers quote these, never the UUID. */
export const messageNumbers = supportSchema.sequence("message_number_seq", { startWith: 1001 });

/**
 * What shoppers send from the contact form. The sender's name and email are kept as given (a
 * guest has no account); a signed-in sender's account is linked too. Resolving and reopening
 * record who did it and when.
 */
export const messages = supportSchema.table(
  "messages",
  {
    id: uuid().primaryKey(),
    number: bigint({ mode: "number" }).notNull().default(sql`nextval('support.message_number_seq')`),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    name: text().notNull(),
    email: text().notNull(),
    subject: text().notNull(),
    /** As the shopper quoted it (normalized to SK-…), with the order it names. */
    orderNumber: text(),
    orderId: uuid().references(() => orders.id, { onDelete: "set null" }),
    message: text().notNull(),
    status: text({ enum: SUPPORT_STATUSES }).notNull().default("open"),
    statusChangedAt: timestamp({ withTimezone: true }),
    statusChangedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_number_key").on(t.number),
    // The admin inbox: one status, newest first.
    index("messages_status_created_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    index("messages_created_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);
