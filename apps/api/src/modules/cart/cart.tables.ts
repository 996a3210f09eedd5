import { sql } from "drizzle-orm";
import { check, index, integer, pgSchema, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { products } from "../catalog/catalog.tables.ts";
import { users } from "../identity/identity.tables.ts";

export const cart = pgSchema("cart");

/**
 * One cart per signed-in user (user_id) or per guest (token_hash: the SHA-256 of a random token
 * that only the guest holds). Exactly one of the two is set.
 */
export const carts = cart.table(
  "carts",
  {
    id: uuid().primaryKey(),
    userId: uuid()
      .unique("carts_user_id_key")
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().unique("carts_token_hash_key"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("carts_one_owner", sql`(${t.userId} is null) <> (${t.tokenHash} is null)`),
    // The purge job finds idle guest carts by age.
    index("carts_guest_idle_idx").on(t.updatedAt).where(sql`${t.userId} is null`),
  ],
);

export const cartItems = cart.table(
  "cart_items",
  {
    id: uuid().primaryKey(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    // No cascade: deleting a product someone has in a cart fails, and catalog archives it instead.
    productId: uuid()
      .notNull()
      .references(() => products.id),
    quantity: integer().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("cart_items_quantity_positive", sql`${t.quantity} > 0`),
    unique("cart_items_cart_product_key").on(t.cartId, t.productId),
    // The foreign-key check of a product delete looks lines up by product.
    index("cart_items_product_idx").on(t.productId),
  ],
);
