import { createHash, randomBytes } from "node:crypto";
import { CART_MAX_QUANTITY, CartErrorCode as E } from "@sokoni/contracts";
import type { Ctx } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PG_FOREIGN_KEY_VIOLATION,
  pgErrorCode,
  UnauthorizedError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type CatalogModule, changeOf, type PriceChange, type Purchasable } from "../catalog/index.ts";
import * as repo from "./cart.repo.ts";

/**
 * Whose cart: a signed-in user's (userId wins when both are given) or a guest's, named by the
 * token the guest was given when the cart was created.
 */
/** How long a guest cart lives untouched: its cookie's max-age, and when the purge job removes it. */
export const GUEST_CART_LIFETIME_S = 30 * 24 * 3600;

export type CartOwner = { userId?: string; token?: string };

export type Cart = { id: string; userId: string | null; createdAt: Date; updatedAt: Date };

export type CartUnavailableReason = "archived" | "unavailable" | "out_of_stock" | "insufficient_stock";

export type CartMarketplace = { id: string; code: string; name: string };

/** A cart line priced now. Money in minor units: unit price in `currency`, the rest in the store currency. */
export type CartLineView = {
  id: string;
  productId: string;
  name: string;
  imageUrl: string | null;
  marketplace: CartMarketplace;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  unitStorePriceMinor: number;
  lineTotalMinor: number;
  /** House products only; null for external marketplaces. */
  stock: number | null;
  available: boolean;
  unavailableReason: CartUnavailableReason | null;
  addedAt: Date;
  updatedAt: Date;
};

export type CartGroupView = { marketplace: CartMarketplace; subtotalMinor: number; itemCount: number };

export type CartView = {
  /** null when the owner has no cart yet. */
  id: string | null;
  storeCurrency: string;
  items: CartLineView[];
  groups: CartGroupView[];
  /** Available lines only, store currency. */
  subtotalMinor: number;
  totalMinor: number;
  itemCount: number;
  updatedAt: Date | null;
};

export type AddItemInput = { productId: string; quantity: number };

export type CheckoutLines = { cartId: string; lines: { productId: string; quantity: number }[] };

/** A line whose price or availability changed when its marketplace was asked again; store-currency minor units. */
export type QuoteChangeView = {
  itemId: string;
  productId: string;
  name: string;
  previousUnitStorePriceMinor: number;
  unitStorePriceMinor: number;
  change: PriceChange;
};

/** An external line whose marketplace did not answer: it keeps its last known price. */
export type QuoteUncheckedView = {
  itemId: string;
  productId: string;
  name: string;
  marketplace: CartMarketplace;
  reason: string;
};

export type CartQuoteView = CartView & {
  changes: QuoteChangeView[];
  unchecked: QuoteUncheckedView[];
  quotedAt: Date;
};

type Deps = {
  catalog: Pick<CatalogModule, "getPurchasables" | "recheckExternalProducts">;
  storeCurrency: string;
};

// 32 random bytes in base64url, no padding.
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The cart key of an owner; undefined for a guest without a (well-formed) token. */
function keyOf(owner: CartOwner): repo.CartKey | undefined {
  if (owner.userId) return { userId: owner.userId };
  if (owner.token && TOKEN_RE.test(owner.token)) return { tokenHash: sha256(owner.token) };
  return undefined;
}

function toCart(row: repo.CartRow): Cart {
  return { id: row.id, userId: row.userId, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function unavailableReason(p: Purchasable, quantity: number): CartUnavailableReason | null {
  if (p.status === "archived") return "archived";
  if (!p.available) return "unavailable";
  if (p.isHouse && p.stock <= 0) return "out_of_stock";
  if (p.isHouse && quantity > p.stock) return "insufficient_stock";
  return null;
}

function insufficientStock(p: Purchasable, requested: number): ConflictError {
  const left = Math.max(0, p.stock);
  return new ConflictError(
    E.INSUFFICIENT_STOCK,
    `Only ${left} of "${p.name}" left (product ${p.id}); ${requested} requested`,
    [{ path: "quantity", message: `at most ${left} available for product ${p.id}` }],
  );
}

function lineLimit(requested: number): BusinessRuleError {
  return new BusinessRuleError(
    E.CART_LINE_LIMIT,
    `A cart line holds at most ${CART_MAX_QUANTITY} units; this would make ${requested}`,
    [{ path: "quantity", message: `the line would exceed ${CART_MAX_QUANTITY}` }],
  );
}

export function createCartModule({ catalog, storeCurrency }: Deps) {
  async function purchasable(ctx: Ctx, productId: string): Promise<Purchasable | undefined> {
    const [p] = await catalog.getPurchasables(ctx, [productId]);
    return p;
  }

  /** The product, refusing what cannot be put in a cart now. */
  async function sellable(ctx: Ctx, productId: string): Promise<Purchasable> {
    const p = await purchasable(ctx, productId);
    if (!p) throw new NotFoundError(E.PRODUCT_NOT_FOUND, `No product with id ${productId}`);
    if (p.status === "archived") {
      throw new BusinessRuleError(E.PRODUCT_ARCHIVED, `"${p.name}" is no longer sold`, [
        { path: "product_id", message: "the product is archived" },
      ]);
    }
    if (!p.available) {
      throw new BusinessRuleError(E.PRODUCT_UNAVAILABLE, `"${p.name}" is not available now`, [
        { path: "product_id", message: "the product is not available" },
      ]);
    }
    return p;
  }

  /** The owner's existing cart, locked; CART_NOT_FOUND for a guest whose token names none. */
  async function lockedCart(ctx: Ctx, owner: CartOwner): Promise<repo.CartRow | undefined> {
    const key = keyOf(owner);
    if (!key) {
      if (owner.token !== undefined) throw cartNotFound();
      return undefined;
    }
    const row = await repo.selectCart(ctx.db, key, { lock: true });
    if (!row && "tokenHash" in key) throw cartNotFound();
    return row;
  }

  function cartNotFound(): NotFoundError {
    return new NotFoundError(E.CART_NOT_FOUND, "No cart for this cart token");
  }

  function itemNotFound(itemId: string): NotFoundError {
    return new NotFoundError(E.CART_ITEM_NOT_FOUND, `No item ${itemId} in this cart`);
  }

  async function buildView(ctx: Ctx, cart: repo.CartRow | undefined): Promise<CartView> {
    const empty: CartView = {
      id: cart?.id ?? null,
      storeCurrency,
      items: [],
      groups: [],
      subtotalMinor: 0,
      totalMinor: 0,
      itemCount: 0,
      updatedAt: cart?.updatedAt ?? null,
    };
    if (!cart) return empty;
    const rows = await repo.selectItems(ctx.db, cart.id);
    if (rows.length === 0) return empty;
    const products = new Map(
      (
        await catalog.getPurchasables(
          ctx,
          rows.map((r) => r.productId),
        )
      ).map((p) => [p.id, p]),
    );
    const items: CartLineView[] = [];
    const groups = new Map<string, CartGroupView>();
    let subtotalMinor = 0;
    let itemCount = 0;
    for (const row of rows) {
      // Products are never deleted while a cart refers to them (the foreign key makes catalog archive).
      const p = products.get(row.productId);
      if (!p) continue;
      const reason = unavailableReason(p, row.quantity);
      const marketplace = { id: p.marketplaceId, code: p.marketplaceCode, name: p.marketplaceName };
      const lineTotalMinor = p.storePriceMinor * row.quantity;
      items.push({
        id: row.id,
        productId: p.id,
        name: p.name,
        imageUrl: p.imageUrl,
        marketplace,
        quantity: row.quantity,
        unitPriceMinor: p.priceMinor,
        currency: p.currency,
        unitStorePriceMinor: p.storePriceMinor,
        lineTotalMinor,
        stock: p.isHouse ? p.stock : null,
        available: reason === null,
        unavailableReason: reason,
        addedAt: row.addedAt,
        updatedAt: row.updatedAt,
      });
      let group = groups.get(marketplace.id);
      if (!group) {
        group = { marketplace, subtotalMinor: 0, itemCount: 0 };
        groups.set(marketplace.id, group);
      }
      group.itemCount += row.quantity;
      itemCount += row.quantity;
      if (reason === null) {
        group.subtotalMinor += lineTotalMinor;
        subtotalMinor += lineTotalMinor;
      }
    }
    return { ...empty, items, groups: [...groups.values()], subtotalMinor, totalMinor: subtotalMinor, itemCount };
  }

  /** The owner's cart, or undefined (a guest without a token, or with one that names no cart). */
  async function findCart(ctx: Ctx, owner: CartOwner): Promise<Cart | undefined> {
    const key = keyOf(owner);
    const row = key && (await repo.selectCart(ctx.db, key));
    return row ? toCart(row) : undefined;
  }

  /** The owner's cart priced now; an empty view (id null) when there is none. Never creates a cart. */
  async function getCartView(ctx: Ctx, owner: CartOwner): Promise<CartView> {
    const key = keyOf(owner);
    return buildView(ctx, key && (await repo.selectCart(ctx.db, key)));
  }

  /**
   * The owner's cart after asking every external line's marketplace again (catalog
   * recheckExternalProducts: in parallel, each within its time budget, fresh prices written into
   * the catalog), with the lines whose price or availability changed and those whose marketplace
   * did not answer (kept at their last known price). Writes nothing of the cart; never creates one.
   */
  async function quoteCart(ctx: Ctx, owner: CartOwner): Promise<CartQuoteView> {
    const key = keyOf(owner);
    const cart = key && (await repo.selectCart(ctx.db, key));
    const rows = cart ? await repo.selectItems(ctx.db, cart.id) : [];
    const rechecks = await catalog.recheckExternalProducts(
      ctx,
      rows.map((r) => r.productId),
    );
    const view = await buildView(ctx, cart);
    const byProduct = new Map(rechecks.map((r) => [r.productId, r]));
    const changes: QuoteChangeView[] = [];
    const unchecked: QuoteUncheckedView[] = [];
    for (const item of view.items) {
      const r = byProduct.get(item.productId);
      if (!r) continue;
      const change = changeOf(r);
      const line = { itemId: item.id, productId: item.productId, name: item.name };
      if (change) {
        changes.push({
          ...line,
          previousUnitStorePriceMinor: r.previousStorePriceMinor,
          unitStorePriceMinor: r.storePriceMinor,
          change,
        });
      }
      if (r.outcome === "unchecked") {
        unchecked.push({ ...line, marketplace: item.marketplace, reason: r.reason ?? "not re-checked" });
      }
    }
    return { ...view, changes, unchecked, quotedAt: new Date() };
  }

  /**
   * Adds units of a product (to its line when present), creating the cart when the owner has none;
   * a new guest cart's token is returned once as `createdToken`. Nothing is written on refusal.
   * Throws NotFoundError (PRODUCT_NOT_FOUND, CART_NOT_FOUND), BusinessRuleError (PRODUCT_ARCHIVED,
   * PRODUCT_UNAVAILABLE, CART_LINE_LIMIT), ConflictError (INSUFFICIENT_STOCK).
   */
  async function addItem(
    ctx: Ctx,
    owner: CartOwner,
    input: AddItemInput,
  ): Promise<{ view: CartView; createdToken?: string }> {
    return withTx(ctx, async (tx) => {
      const p = await sellable(tx, input.productId);
      let createdToken: string | undefined;
      let cart = await lockedCart(tx, owner);
      if (!cart && owner.userId) {
        await repo.insertUserCartIfMissing(tx.db, newId(), owner.userId).catch((err) => {
          // A valid access token of an account deleted since it was issued.
          if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION)
            throw new UnauthorizedError("This account no longer exists");
          throw err;
        });
        cart = await repo.selectCart(tx.db, { userId: owner.userId }, { lock: true });
      } else if (!cart) {
        createdToken = randomBytes(32).toString("base64url");
        cart = await repo.insertGuestCart(tx.db, newId(), sha256(createdToken));
      }
      if (!cart) throw new Error("cart vanished after insert");
      const existing = await repo.selectItemByProduct(tx.db, cart.id, p.id);
      const quantity = (existing?.quantity ?? 0) + input.quantity;
      if (quantity > CART_MAX_QUANTITY) throw lineLimit(quantity);
      if (p.isHouse && quantity > p.stock) throw insufficientStock(p, quantity);
      await repo.upsertItem(tx.db, newId(), cart.id, p.id, quantity);
      await repo.touchCart(tx.db, cart.id);
      const view = await buildView(tx, await repo.selectCartById(tx.db, cart.id));
      return createdToken ? { view, createdToken } : { view };
    });
  }

  /**
   * Sets a line's quantity. A line whose product became archived or unavailable may only go down.
   * Throws NotFoundError (CART_NOT_FOUND, CART_ITEM_NOT_FOUND, also for other owners' lines),
   * BusinessRuleError (PRODUCT_ARCHIVED, PRODUCT_UNAVAILABLE, CART_LINE_LIMIT), ConflictError (INSUFFICIENT_STOCK).
   */
  async function setItemQuantity(ctx: Ctx, owner: CartOwner, itemId: string, quantity: number): Promise<CartView> {
    return withTx(ctx, async (tx) => {
      const cart = await lockedCart(tx, owner);
      if (!cart && owner.token === undefined && !owner.userId) throw cartNotFound();
      const item = cart && (await repo.selectItem(tx.db, cart.id, itemId));
      if (!cart || !item) throw itemNotFound(itemId);
      if (quantity > CART_MAX_QUANTITY) throw lineLimit(quantity);
      if (quantity > item.quantity) {
        const p = await sellable(tx, item.productId);
        if (p.isHouse && quantity > p.stock) throw insufficientStock(p, quantity);
      } else {
        // Going down is always allowed, except above what a house product has left.
        const p = await purchasable(tx, item.productId);
        if (p?.isHouse && p.status === "active" && p.available && quantity > p.stock) {
          throw insufficientStock(p, quantity);
        }
      }
      await repo.updateItemQuantity(tx.db, item.id, quantity);
      await repo.touchCart(tx.db, cart.id);
      return buildView(tx, await repo.selectCartById(tx.db, cart.id));
    });
  }

  /** Removes a line. Throws NotFoundError (CART_NOT_FOUND, CART_ITEM_NOT_FOUND, also for other owners' lines). */
  async function removeItem(ctx: Ctx, owner: CartOwner, itemId: string): Promise<CartView> {
    return withTx(ctx, async (tx) => {
      const cart = await lockedCart(tx, owner);
      if (!cart && owner.token === undefined && !owner.userId) throw cartNotFound();
      if (!cart || !(await repo.deleteItem(tx.db, cart.id, itemId))) throw itemNotFound(itemId);
      await repo.touchCart(tx.db, cart.id);
      return buildView(tx, await repo.selectCartById(tx.db, cart.id));
    });
  }

  /** Empties the owner's cart (keeping the cart and its token); no cart is fine. Throws NotFoundError (CART_NOT_FOUND) for a bad token. */
  async function clearCart(ctx: Ctx, owner: CartOwner): Promise<void> {
    await withTx(ctx, async (tx) => {
      const cart = await lockedCart(tx, owner);
      if (!cart) return;
      await repo.deleteItems(tx.db, cart.id);
      await repo.touchCart(tx.db, cart.id);
    });
  }

  /**
   * Moves a guest cart into the user's cart and deletes it: quantities add, capped by what house
   * products have left (a user's own larger quantity is never lowered; a guest line of which
   * nothing can be bought is dropped). Both carts are locked, in id order, so a concurrent or
   * repeated merge adds nothing twice. An unknown token is a no-op.
   */
  async function mergeGuestCart(ctx: Ctx, { token, userId }: { token: string; userId: string }): Promise<void> {
    if (!TOKEN_RE.test(token)) return;
    const tokenHash = sha256(token);
    await withTx(ctx, async (tx) => {
      if (!(await repo.selectCart(tx.db, { tokenHash }))) return;
      await repo.insertUserCartIfMissing(tx.db, newId(), userId);
      const locked = await repo.lockCartsForMerge(tx.db, tokenHash, userId);
      const guest = locked.find((c) => c.tokenHash === tokenHash);
      const mine = locked.find((c) => c.userId === userId);
      // The guest cart went while we waited for its lock: someone else merged it.
      if (!guest || !mine) return;
      const items = await repo.selectItemsOfCarts(tx.db, [guest.id, mine.id]);
      const guestItems = items.filter((i) => i.cartId === guest.id);
      const have = new Map(items.filter((i) => i.cartId === mine.id).map((i) => [i.productId, i.quantity]));
      const products = new Map(
        (
          await catalog.getPurchasables(
            tx,
            guestItems.map((i) => i.productId),
          )
        ).map((p) => [p.id, p]),
      );
      for (const item of guestItems) {
        const current = have.get(item.productId) ?? 0;
        const p = products.get(item.productId);
        const cap = p?.isHouse ? Math.min(CART_MAX_QUANTITY, Math.max(0, p.stock)) : CART_MAX_QUANTITY;
        const merged = Math.max(current, Math.min(current + item.quantity, cap));
        if (merged === current) continue;
        await repo.upsertItem(tx.db, newId(), mine.id, item.productId, merged);
      }
      await repo.deleteCart(tx.db, guest.id);
      await repo.touchCart(tx.db, mine.id);
      tx.log.info({ userId, cartId: mine.id, lines: guestItems.length }, "guest cart merged");
    });
  }

  /**
   * The lines checkout will price, with the cart row locked until the caller's transaction ends
   * (run it inside the checkout transaction); undefined when the owner has no cart.
   */
  async function getCheckoutLines(ctx: Ctx, owner: CartOwner): Promise<CheckoutLines | undefined> {
    const key = keyOf(owner);
    const cart = key && (await repo.selectCart(ctx.db, key, { lock: true }));
    if (!cart) return undefined;
    const items = await repo.selectItems(ctx.db, cart.id);
    return { cartId: cart.id, lines: items.map((i) => ({ productId: i.productId, quantity: i.quantity })) };
  }

  /** Empties a cart by id (checkout, inside its transaction, after the order is placed). */
  async function clearCartById(ctx: Ctx, cartId: string): Promise<void> {
    await repo.deleteItems(ctx.db, cartId);
    await repo.touchCart(ctx.db, cartId);
  }

  /**
   * Deletes guest carts nobody touched for `idleSeconds` (default: the cart cookie's 30 days, after
   * which no browser can present the token any more), in batches; returns how many.
   */
  async function purgeIdleGuestCarts(ctx: Ctx, idleSeconds = GUEST_CART_LIFETIME_S): Promise<number> {
    const before = new Date(Date.now() - idleSeconds * 1000);
    let purged = 0;
    for (;;) {
      const n = await repo.deleteIdleGuestCarts(ctx.db, before, 1000);
      purged += n;
      if (n < 1000) return purged;
    }
  }

  return {
    purgeIdleGuestCarts,
    findCart,
    getCartView,
    quoteCart,
    addItem,
    setItemQuantity,
    removeItem,
    clearCart,
    mergeGuestCart,
    getCheckoutLines,
    clearCartById,
  };
}

export type CartModule = ReturnType<typeof createCartModule>;
