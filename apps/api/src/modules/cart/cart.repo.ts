import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { cartItems, carts } from "./cart.tables.ts";

export type CartRow = typeof carts.$inferSelect;
export type CartItemRow = typeof cartItems.$inferSelect;

export type CartKey = { userId: string } | { tokenHash: string };

function whereKey(key: CartKey) {
  return "userId" in key ? eq(carts.userId, key.userId) : eq(carts.tokenHash, key.tokenHash);
}

/** The cart of a user or a guest token; `lock` takes its row lock until the transaction ends. */
export async function selectCart(db: Db, key: CartKey, opts: { lock?: boolean } = {}): Promise<CartRow | undefined> {
  const q = db.select().from(carts).where(whereKey(key));
  const [row] = await (opts.lock ? q.for("update") : q);
  return row;
}

export async function selectCartById(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<CartRow | undefined> {
  const q = db.select().from(carts).where(eq(carts.id, id));
  const [row] = await (opts.lock ? q.for("update") : q);
  return row;
}

export async function insertGuestCart(db: Db, id: string, tokenHash: string): Promise<CartRow> {
  const [row] = await db.insert(carts).values({ id, tokenHash }).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Creates the user's cart unless it exists (a concurrent creator waits on the unique index). */
export async function insertUserCartIfMissing(db: Db, id: string, userId: string): Promise<void> {
  await db.insert(carts).values({ id, userId }).onConflictDoNothing({ target: carts.userId });
}

/** Locks the carts of a guest token and of a user, in id order so that two mergers never deadlock. */
export async function lockCartsForMerge(db: Db, tokenHash: string, userId: string): Promise<CartRow[]> {
  return db
    .select()
    .from(carts)
    .where(or(eq(carts.tokenHash, tokenHash), eq(carts.userId, userId)))
    .orderBy(asc(carts.id))
    .for("update");
}

export async function touchCart(db: Db, id: string): Promise<void> {
  await db.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, id));
}

export async function deleteCart(db: Db, id: string): Promise<void> {
  await db.delete(carts).where(eq(carts.id, id));
}

export async function selectItems(db: Db, cartId: string): Promise<CartItemRow[]> {
  return db
    .select()
    .from(cartItems)
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.id));
}

export async function selectItemsOfCarts(db: Db, cartIds: string[]): Promise<CartItemRow[]> {
  if (cartIds.length === 0) return [];
  return db
    .select()
    .from(cartItems)
    .where(inArray(cartItems.cartId, cartIds))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.id));
}

export async function selectItem(db: Db, cartId: string, itemId: string): Promise<CartItemRow | undefined> {
  const [row] = await db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.id, itemId)));
  return row;
}

export async function selectItemByProduct(db: Db, cartId: string, productId: string): Promise<CartItemRow | undefined> {
  const [row] = await db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
  return row;
}

/** Sets the quantity of the cart's line for a product, creating the line when missing. */
export async function upsertItem(
  db: Db,
  id: string,
  cartId: string,
  productId: string,
  quantity: number,
): Promise<void> {
  await db
    .insert(cartItems)
    .values({ id, cartId, productId, quantity })
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.productId],
      set: { quantity, updatedAt: sql`now()` },
    });
}

export async function updateItemQuantity(db: Db, itemId: string, quantity: number): Promise<void> {
  await db.update(cartItems).set({ quantity, updatedAt: sql`now()` }).where(eq(cartItems.id, itemId));
}

export async function deleteItem(db: Db, cartId: string, itemId: string): Promise<boolean> {
  const rows = await db
    .delete(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.id, itemId)))
    .returning({ id: cartItems.id });
  return rows.length > 0;
}

export async function deleteItems(db: Db, cartId: string): Promise<number> {
  const rows = await db.delete(cartItems).where(eq(cartItems.cartId, cartId)).returning({ id: cartItems.id });
  return rows.length;
}

/** Deletes up to `limit` guest carts untouched since `before` (their items cascade); returns how many. */
export async function deleteIdleGuestCarts(db: Db, before: Date, limit: number): Promise<number> {
  const rows = await db
    .delete(carts)
    .where(
      inArray(
        carts.id,
        db
          .select({ id: carts.id })
          .from(carts)
          .where(and(isNull(carts.userId), lt(carts.updatedAt, before)))
          .limit(limit),
      ),
    )
    .returning({ id: carts.id });
  return rows.length;
}
