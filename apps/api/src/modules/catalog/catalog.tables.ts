import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  customType,
  index,
  integer,
  numeric,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { marketplaces } from "../marketplaces/marketplaces.tables.ts";

export const catalog = pgSchema("catalog");

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const categories = catalog.table(
  "categories",
  {
    id: uuid().primaryKey(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: "restrict" }),
    name: text().notNull(),
    slug: text().notNull().unique(),
    description: text().notNull().default(""),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("categories_parent_idx").on(t.parentId)],
);

/** Units of the store currency that one unit of `currency` buys. */
export const fxRates = catalog.table("fx_rates", {
  currency: char({ length: 3 }).primaryKey(),
  rate: numeric({ precision: 20, scale: 10 }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const products = catalog.table(
  "products",
  {
    id: uuid().primaryKey(),
    marketplaceId: uuid()
      .notNull()
      .references(() => marketplaces.id),
    categoryId: uuid().references(() => categories.id, { onDelete: "set null" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    priceMinor: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    // The price in the store currency, kept in step with fx_rates so that filtering and sorting
    // by price use a plain btree index instead of converting 100,000 rows per query.
    storePriceMinor: bigint({ mode: "number" }).notNull(),
    stock: integer().notNull().default(0),
    imageUrl: text(),
    // More pictures for the product page's gallery, after image_url (which listings show).
    images: text().array().notNull().default(sql`'{}'::text[]`),
    externalId: text(),
    productUrl: text(),
    available: boolean().notNull().default(true),
    rating: numeric({ precision: 3, scale: 2 }),
    ratingCount: integer().notNull().default(0),
    // Offer matching (docs/adr/008-offer-matching.md): offers of one item share relation_token.
    gtin: text(),
    brand: text(),
    relationToken: text(),
    status: text({ enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    archivedAt: timestamp({ withTimezone: true }),
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("products_stock_non_negative", sql`${t.stock} >= 0`),
    check("products_price_non_negative", sql`${t.priceMinor} >= 0`),
    check("products_rating_range", sql`${t.rating} between 0 and 5`),
    uniqueIndex("products_marketplace_external_key")
      .on(t.marketplaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("products_search_idx").using("gin", t.searchVector),
    index("products_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    // Listing orders end in id (a stable tiebreaker for paging), so the indexes do too: a page
    // sorted by price, date or rating is an index range scan plus LIMIT, forwards or backwards.
    index("products_active_store_price_idx").on(t.storePriceMinor, t.id).where(sql`${t.status} = 'active'`),
    index("products_active_created_idx").on(t.createdAt, t.id).where(sql`${t.status} = 'active'`),
    index("products_active_rating_idx")
      .on(t.rating.desc().nullsLast(), t.ratingCount.desc(), t.id)
      .where(sql`${t.status} = 'active'`),
    // Category pages walk these once per (sub-)category and merge the heads (see product-search.ts).
    index("products_active_category_created_idx")
      .on(t.categoryId, t.createdAt, t.id)
      .where(sql`${t.status} = 'active'`),
    index("products_active_category_price_idx")
      .on(t.categoryId, t.storePriceMinor, t.id)
      .where(sql`${t.status} = 'active'`),
    index("products_active_category_rating_idx")
      .on(t.categoryId, t.rating.desc().nullsLast(), t.ratingCount.desc().nullsLast(), t.id)
      .where(sql`${t.status} = 'active'`),
    index("products_category_idx").on(t.categoryId),
    index("products_marketplace_idx").on(t.marketplaceId),
    index("products_relation_token_idx").on(t.relationToken),
    // Candidates for joining an offer without a GTIN to an item's group: the same brand's offers.
    index("products_brand_idx").on(sql`lower(${t.brand})`),
  ],
);

/**
 * Distinct words of product names: the dictionary the typo fallback corrects query words against
 * (the pg_trgm docs' "text search integration" recipe). Kept by the catalog on every name write;
 * words of deleted products may linger, which only costs a correction that then finds nothing.
 */
export const searchWords = catalog.table("search_words", { word: text().primaryKey() }, (t) => [
  index("search_words_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`),
]);
