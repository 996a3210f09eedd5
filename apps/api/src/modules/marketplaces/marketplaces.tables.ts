import { boolean, char, numeric, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const marketplacesSchema = pgSchema("marketplaces");

/** Every store Sokoni sells from, the house store `sokoni` (kind house) included. */
export const marketplaces = marketplacesSchema.table("marketplaces", {
  id: uuid().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  kind: text({ enum: ["house", "jumia", "amazon", "ebay", "aliexpress", "walmart", "generic"] }).notNull(),
  description: text().notNull().default(""),
  logoUrl: text(),
  websiteUrl: text(),
  rating: numeric({ precision: 3, scale: 2 }),
  currency: char({ length: 3 }).notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
