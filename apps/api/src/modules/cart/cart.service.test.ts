import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows, withTx } from "../../platform/db.ts";
import { makeMarketplace, makeProduct } from "../catalog/catalog.factories.ts";
import type { CartOwner } from "./cart.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
});
afterAll(() => t.close());

let seq = 0;
async function newUser(): Promise<string> {
  seq += 1;
  const tag = `${Date.now().toString(36)}s${seq}`;
  const { user } = await t.modules.identity.register(t.ctx, {
    username: `buyer_${tag}`,
    email: `buyer.${tag}@example.com`,
    phoneNumber: "0712345678",
    password: "correct horse battery",
  });
  return user.id;
}

async function guestWith(productId: string, quantity: number): Promise<string> {
  const { createdToken } = await t.modules.cart.addItem(t.ctx, {}, { productId, quantity });
  if (!createdToken) throw new Error("no token");
  return createdToken;
}

async function quantities(owner: CartOwner): Promise<Record<string, number>> {
  const lines = await t.modules.cart.getCheckoutLines(t.ctx, owner);
  return Object.fromEntries((lines?.lines ?? []).map((l) => [l.productId, l.quantity]));
}

async function cartCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from cart.carts`);
  return Number(row?.n);
}

describe("getPurchasables (catalog)", () => {
  it("returns active and archived products with their marketplace and store price, skipping unknown ids", async () => {
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "USD", name: "Walmart" });
    const house = await makeProduct(t.ctx, t.modules, { price: "12.34", stock: 4 });
    const foreign = await makeProduct(t.ctx, t.modules, { marketplace: m.code, currency: "USD", price: "2.00" });
    await t.modules.catalog.updateProduct(t.ctx, foreign.id, { status: "archived" });
    const got = await t.modules.catalog.getPurchasables(t.ctx, [
      house.id,
      foreign.id,
      "0190aaaa-0000-7000-8000-000000000000",
      "junk",
    ]);
    const byId = new Map(got.map((p) => [p.id, p]));
    expect(got).toHaveLength(2);
    expect(byId.get(house.id)).toMatchObject({
      isHouse: true,
      marketplaceCode: "sokoni",
      priceMinor: 1234,
      currency: "KES",
      storePriceMinor: 1234,
      storeCurrency: "KES",
      stock: 4,
      available: true,
      status: "active",
    });
    expect(byId.get(foreign.id)).toMatchObject({
      isHouse: false,
      marketplaceId: m.id,
      marketplaceName: "Walmart",
      priceMinor: 200,
      currency: "USD",
      storePriceMinor: 25900,
      status: "archived",
    });
  });

  it("reports products of a deactivated marketplace as unavailable", async () => {
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const p = await makeProduct(t.ctx, t.modules, { marketplace: m.code });
    await t.modules.marketplaces.upsertMarketplace(t.ctx, {
      code: m.code,
      name: m.name,
      kind: "generic",
      currency: "KES",
      active: false,
    });
    const [got] = await t.modules.catalog.getPurchasables(t.ctx, [p.id]);
    expect(got?.available).toBe(false);
  });
});

describe("cart module", () => {
  it("finds no cart for a guest without a token and for a malformed one", async () => {
    expect(await t.modules.cart.findCart(t.ctx, {})).toBeUndefined();
    expect(await t.modules.cart.findCart(t.ctx, { token: "short" })).toBeUndefined();
    expect(await t.modules.cart.getCheckoutLines(t.ctx, {})).toBeUndefined();
  });

  it("serves checkout: lines of the cart, then empties it by id inside a transaction", async () => {
    const userId = await newUser();
    const a = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const b = await makeProduct(t.ctx, t.modules, { stock: 5 });
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: a.id, quantity: 2 });
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: b.id, quantity: 1 });
    const cart = await t.modules.cart.findCart(t.ctx, { userId });
    await withTx(t.ctx, async (tx) => {
      const lines = await t.modules.cart.getCheckoutLines(tx, { userId });
      expect(lines).toEqual({
        cartId: cart?.id,
        lines: [
          { productId: a.id, quantity: 2 },
          { productId: b.id, quantity: 1 },
        ],
      });
      await t.modules.cart.clearCartById(tx, lines?.cartId as string);
    });
    expect(await quantities({ userId })).toEqual({});
    expect((await t.modules.cart.findCart(t.ctx, { userId }))?.id).toBe(cart?.id);
  });

  it("refuses a line above 999 units", async () => {
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const p = await makeProduct(t.ctx, t.modules, { marketplace: m.code });
    const token = await guestWith(p.id, 999);
    await expect(t.modules.cart.addItem(t.ctx, { token }, { productId: p.id, quantity: 1 })).rejects.toMatchObject({
      code: "CART_LINE_LIMIT",
      status: 422,
    });
    expect(await quantities({ token })).toEqual({ [p.id]: 999 });
  });

  it("refuses a user id that names no account with 401, creating nothing", async () => {
    const p = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const before = await cartCount();
    await expect(
      t.modules.cart.addItem(
        t.ctx,
        { userId: "0190aaaa-0000-7000-8000-000000000000" },
        { productId: p.id, quantity: 1 },
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(await cartCount()).toBe(before);
  });

  it("ignores a guest token when the owner is a user", async () => {
    const userId = await newUser();
    const p = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const token = await guestWith(p.id, 1);
    const { view, createdToken } = await t.modules.cart.addItem(
      t.ctx,
      { userId, token },
      { productId: p.id, quantity: 2 },
    );
    expect(createdToken).toBeUndefined();
    expect(view.items.map((i) => i.quantity)).toEqual([2]);
    expect(await quantities({ token })).toEqual({ [p.id]: 1 });
  });
});

describe("mergeGuestCart", () => {
  it("adds quantities capped by house stock, never lowers the user's own, drops what cannot be bought, and deletes the guest cart", async () => {
    const userId = await newUser();
    const capped = await makeProduct(t.ctx, t.modules, { stock: 4 });
    const over = await makeProduct(t.ctx, t.modules, { stock: 9 });
    const soldOut = await makeProduct(t.ctx, t.modules, { stock: 2 });
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const external = await makeProduct(t.ctx, t.modules, { marketplace: m.code, stock: 0 });
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: capped.id, quantity: 3 });
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: over.id, quantity: 6 });
    const token = await guestWith(capped.id, 3);
    await t.modules.cart.addItem(t.ctx, { token }, { productId: soldOut.id, quantity: 2 });
    await t.modules.cart.addItem(t.ctx, { token }, { productId: external.id, quantity: 5 });
    await t.modules.cart.addItem(t.ctx, { token }, { productId: over.id, quantity: 1 });
    // Stock falls below the user's own line, and the guest's sold-out line can no longer be bought.
    await t.modules.catalog.updateProduct(t.ctx, over.id, { stock: 5 });
    await t.modules.catalog.updateProduct(t.ctx, soldOut.id, { stock: 0 });
    const before = await cartCount();

    await t.modules.cart.mergeGuestCart(t.ctx, { token, userId });

    expect(await quantities({ userId })).toEqual({ [capped.id]: 4, [over.id]: 6, [external.id]: 5 });
    expect(await t.modules.cart.findCart(t.ctx, { token })).toBeUndefined();
    expect(await cartCount()).toBe(before - 1);

    // Repeating it is a no-op.
    await t.modules.cart.mergeGuestCart(t.ctx, { token, userId });
    expect(await quantities({ userId })).toEqual({ [capped.id]: 4, [over.id]: 6, [external.id]: 5 });
  });

  it("creates the user's cart when the user has none", async () => {
    const userId = await newUser();
    const p = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const token = await guestWith(p.id, 2);
    expect(await t.modules.cart.findCart(t.ctx, { userId })).toBeUndefined();
    await t.modules.cart.mergeGuestCart(t.ctx, { token, userId });
    expect(await quantities({ userId })).toEqual({ [p.id]: 2 });
  });

  it("ignores unknown and malformed tokens", async () => {
    const userId = await newUser();
    await t.modules.cart.mergeGuestCart(t.ctx, { token: "C".repeat(43), userId });
    await t.modules.cart.mergeGuestCart(t.ctx, { token: "nope", userId });
    expect(await t.modules.cart.findCart(t.ctx, { userId })).toBeUndefined();
  });
});

// On PGlite (one connection) these run serialized and prove little; on PostgreSQL they race.
describe("concurrency", () => {
  it("merges a guest cart exactly once when many sign-ins race with the same token", async () => {
    const userId = await newUser();
    const p = await makeProduct(t.ctx, t.modules, { stock: 100 });
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: p.id, quantity: 1 });
    const token = await guestWith(p.id, 3);
    await Promise.all(Array.from({ length: 10 }, () => t.modules.cart.mergeGuestCart(t.ctx, { token, userId })));
    expect(await quantities({ userId })).toEqual({ [p.id]: 4 });
    expect(await t.modules.cart.findCart(t.ctx, { token })).toBeUndefined();
  });

  it("merges two guest carts racing into one new user cart without losing either", async () => {
    const userId = await newUser();
    const a = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const b = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const t1 = await guestWith(a.id, 2);
    const t2 = await guestWith(b.id, 3);
    await Promise.all([
      t.modules.cart.mergeGuestCart(t.ctx, { token: t1, userId }),
      t.modules.cart.mergeGuestCart(t.ctx, { token: t2, userId }),
    ]);
    expect(await quantities({ userId })).toEqual({ [a.id]: 2, [b.id]: 3 });
  });

  it("never lets parallel adds push a line above stock, and counts every accepted add", async () => {
    const userId = await newUser();
    const p = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => t.modules.cart.addItem(t.ctx, { userId }, { productId: p.id, quantity: 1 })),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter(
      (r) => r.status === "rejected" && (r.reason as { code?: string }).code === "INSUFFICIENT_STOCK",
    ).length;
    expect(ok).toBe(10);
    expect(refused).toBe(15);
    expect(await quantities({ userId })).toEqual({ [p.id]: 10 });
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from cart.carts where user_id = ${userId}`,
    );
    expect(Number(row?.n)).toBe(1);
  });
});

describe("purging idle guest carts", () => {
  it("deletes guest carts untouched for the cookie's lifetime, and keeps recent and signed-in carts", async () => {
    const product = await makeProduct(t.ctx, t.modules, { stock: 50 });
    const idle = await guestWith(product.id, 1);
    const fresh = await guestWith(product.id, 2);
    const userId = await newUser();
    await t.modules.cart.addItem(t.ctx, { userId }, { productId: product.id, quantity: 1 });
    const idleCart = await t.modules.cart.findCart(t.ctx, { token: idle });
    const userCart = await t.modules.cart.findCart(t.ctx, { userId });
    // Backdate: the idle guest cart and the user's cart were last touched 31 days ago.
    await t.ctx.db.execute(
      sql`update cart.carts set updated_at = now() - interval '31 days' where id in (${idleCart?.id}, ${userCart?.id})`,
    );
    const purged = await t.modules.cart.purgeIdleGuestCarts(t.ctx);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await t.modules.cart.findCart(t.ctx, { token: idle })).toBeUndefined();
    expect(await quantities({ token: fresh })).toEqual({ [product.id]: 2 });
    expect(await quantities({ userId })).toEqual({ [product.id]: 1 });
    expect(await t.modules.cart.purgeIdleGuestCarts(t.ctx)).toBe(0);
  });
});
