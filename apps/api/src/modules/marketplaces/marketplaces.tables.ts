import { sql } from "drizzle-orm";
import { boolean, char, integer, jsonb, numeric, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
  /** domestic: the store delivers in Kenya; warehouse: through Sokoni's warehouse. */
  shipsTo: text({ enum: ["domestic", "warehouse"] })
    .notNull()
    .default("warehouse"),
  apiBaseUrl: text(),
  /** Adapter settings by kind (eBay marketplace id, Amazon region and partner tag, a field mapping). */
  adapterConfig: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  timeBudgetMs: integer().notNull().default(1500),
  rateLimitPerMin: integer(),
  /**
   * The credentials object as AES-256-GCM ciphertext (base64) with its 12-byte IV and 16-byte
   * tag, and the version of MARKETPLACE_CREDENTIALS_KEY that sealed it; all null when none.
   */
  credentialsCiphertext: text(),
  credentialsIv: text(),
  credentialsTag: text(),
  credentialsKeyVersion: integer(),
  /** Names of the stored secrets (not secret themselves), so lists need no decryption. */
  credentialNames: text().array().notNull().default(sql`'{}'::text[]`),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
