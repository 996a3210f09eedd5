import { index, integer, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const notifications = pgSchema("notifications");

/**
 * Every email the app sends (the outbox: inserted `queued` in the transaction of the event that
 * causes it, then `sent` or `failed` by the delivery job) and, in catcher mode, what the local
 * catcher received: a caught message sets `caught_at` on its outbox row (matched by Message-ID),
 * and one that matches no row becomes a row of its own (template null).
 */
export const emails = notifications.table(
  "emails",
  {
    id: uuid().primaryKey(),
    /** One email per event, e.g. `order_confirmation:<order id>`; null for foreign caught mail. */
    dedupeKey: text().unique(),
    messageId: text().notNull().unique(),
    from: text().notNull(),
    /** Recipients, lower-cased. */
    to: text().array().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    template: text(),
    status: text({ enum: ["queued", "sent", "failed"] })
      .notNull()
      .default("queued"),
    error: text(),
    attempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    caughtAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("emails_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("emails_template_created_idx").on(t.template, t.createdAt.desc()),
    // Filter by recipient (`to @> array[addr]`); addresses are stored lower-cased.
    index("emails_to_idx").using("gin", t.to),
  ],
);
