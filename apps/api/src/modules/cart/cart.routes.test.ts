import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { makeMarketplace, makeProduct } from "../catalog/catalog.factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
type CartJson = {
  id: string | null;
  cart_token?: string;
  store_currency: string;
  items: {
    id: string;
    product_id: string;
    quantity: number;
    unit_price: string;
    currency: string;
    unit_store_price: string;
    line_total: string;
    stock: number | null;
    available: boolean;
    unavailable_reason: string | null;
    marketplace: { id: string; code: string; name: string };
  }[];
  groups: { marketplace: { code: string }; subtotal: string; item_count: number }[];
  subtotal: string;
  total: string;
  item_count: number;
};

let seq = 0;
async function signUp(headers: Record<string, string> = {}) {
  seq += 1;
  const tag = `${Date.now().toString(36)}c${seq}`;
  const body = {
    username: `shopper_${tag}`,
    email: `shopper.${tag}@example.com`,
    phone_number: "0712345678",
    password: "correct horse battery",
  };
  const res = await t.app.inject({ method: "POST", url: "/api/users", payload: body, headers });
  expect(res.statusCode, res.body).toBe(201);
  const json = res.json() as { user: { id: string }; access_token: string };
  return { res, body, userId: json.user.id, auth: { authorization: `Bearer ${json.access_token}` } };
}

const tokenHeader = (token: string) => ({ "x-cart-token": token });
const cookieHeader = (token: string) => ({ cookie: `sokoni_cart=${token}` });

async function call(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, headers = {}, payload?: Json) {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

const addItem = (headers: Record<string, string>, product_id: string, quantity: number) =>
  call("POST", "/api/cart/items", headers, { product_id, quantity });

function cartOf(res: LightMyRequestResponse, status = 200): CartJson {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as CartJson;
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
  expect(body.code).toBe(code);
  return body;
}

async function countCarts(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from cart.carts`);
  return Number(row?.n);
}

async function linesOf(cartId: string) {
  return queryRows<{ product_id: string; quantity: number }>(
    t.ctx.db,
    sql`select product_id, quantity from cart.cart_items where cart_id = ${cartId} order by added_at, id`,
  );
}

async function guestCart(productId: string, quantity: number): Promise<{ token: string; cart: CartJson }> {
  const cart = cartOf(await addItem({}, productId, quantity));
  expect(cart.cart_token).toEqual(expect.any(String));
  return { token: cart.cart_token as string, cart };
}

describe("guest carts", () => {
  it("gives a guest without a token an empty cart and creates nothing", async () => {
    const before = await countCarts();
    const cart = cartOf(await call("GET", "/api/cart"));
    expect(cart).toMatchObject({ id: null, items: [], groups: [], subtotal: "0.00", total: "0.00", item_count: 0 });
    expect(cart.store_currency).toBe("KES");
    expect(await countCarts()).toBe(before);
  });

  it("creates the cart on the first add, returns the token once and sets an HttpOnly cookie; only its hash is stored", async () => {
    const p = await makeProduct(t.ctx, t.modules, { price: "250.00", stock: 10 });
    const res = await addItem({}, p.id, 2);
    const cart = cartOf(res);
    expect(cart.cart_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = cart.cart_token as string;
    const cookie = res.cookies.find((c) => c.name === "sokoni_cart");
    expect(cookie).toMatchObject({ value: token, httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({ product_id: p.id, quantity: 2, unit_price: "250.00", line_total: "500.00" });
    const rows = await queryRows<{ token_hash: string; user_id: string | null }>(
      t.ctx.db,
      sql`select token_hash, user_id from cart.carts where id = ${cart.id}`,
    );
    expect(rows).toEqual([{ token_hash: createHash("sha256").update(token).digest("hex"), user_id: null }]);

    // The token is handed out once: later responses do not repeat it or set the cookie again.
    const again = await addItem(tokenHeader(token), p.id, 1);
    expect(cartOf(again).cart_token).toBeUndefined();
    expect(again.cookies).toHaveLength(0);
  });

  it("runs the whole flow with the X-Cart-Token header: add, add again, change, remove, empty", async () => {
    const a = await makeProduct(t.ctx, t.modules, { price: "100.00", stock: 10 });
    const b = await makeProduct(t.ctx, t.modules, { price: "40.50", stock: 10 });
    const { token, cart: created } = await guestCart(a.id, 1);
    const h = tokenHeader(token);

    let cart = cartOf(await addItem(h, a.id, 2));
    expect(cart.id).toBe(created.id);
    expect(cart.items).toMatchObject([{ product_id: a.id, quantity: 3 }]);
    cart = cartOf(await addItem(h, b.id, 2));
    expect(cart).toMatchObject({ subtotal: "381.00", total: "381.00", item_count: 5 });

    const lineB = cart.items.find((i) => i.product_id === b.id);
    cart = cartOf(await call("PATCH", `/api/cart/items/${lineB?.id}`, h, { quantity: 4 }));
    expect(cart.items.find((i) => i.product_id === b.id)?.quantity).toBe(4);
    expect(cart.total).toBe("462.00");

    cart = cartOf(await call("DELETE", `/api/cart/items/${lineB?.id}`, h));
    expect(cart.items.map((i) => i.product_id)).toEqual([a.id]);
    expect(cart.total).toBe("300.00");

    const got = cartOf(await call("GET", "/api/cart", h));
    expect(got).toEqual(cart);

    const emptied = await call("DELETE", "/api/cart", h);
    expect(emptied.statusCode).toBe(204);
    const after = cartOf(await call("GET", "/api/cart", h));
    expect(after).toMatchObject({ id: created.id, items: [], total: "0.00" });
  });

  it("finds the cart by the cookie alone", async () => {
    const p = await makeProduct(t.ctx, t.modules, { price: "10.00", stock: 10 });
    const { token, cart: created } = await guestCart(p.id, 1);
    const cart = cartOf(await addItem(cookieHeader(token), p.id, 1));
    expect(cart).toMatchObject({ id: created.id, items: [{ quantity: 2 }] });
    expect(cartOf(await call("GET", "/api/cart", cookieHeader(token))).id).toBe(created.id);
  });

  it("treats an unknown token as no cart on GET (clearing its cookie) and refuses mutations with 404 CART_NOT_FOUND", async () => {
    const p = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const unknown = "A".repeat(43);
    const before = await countCarts();

    const got = await call("GET", "/api/cart", cookieHeader(unknown));
    expect(cartOf(got)).toMatchObject({ id: null, items: [] });
    expect(got.cookies.find((c) => c.name === "sokoni_cart")?.value).toBe("");

    expectProblem(await addItem(tokenHeader(unknown), p.id, 1), 404, "CART_NOT_FOUND");
    expectProblem(await addItem(tokenHeader("not a token"), p.id, 1), 404, "CART_NOT_FOUND");
    const item = "0190aaaa-0000-7000-8000-000000000000";
    expectProblem(
      await call("PATCH", `/api/cart/items/${item}`, tokenHeader(unknown), { quantity: 1 }),
      404,
      "CART_NOT_FOUND",
    );
    expectProblem(await call("DELETE", `/api/cart/items/${item}`, tokenHeader(unknown)), 404, "CART_NOT_FOUND");
    expectProblem(await call("DELETE", "/api/cart", tokenHeader(unknown)), 404, "CART_NOT_FOUND");
    expectProblem(await call("PATCH", `/api/cart/items/${item}`, {}, { quantity: 1 }), 404, "CART_NOT_FOUND");
    expect(await countCarts()).toBe(before);
  });
});

describe("signed-in carts", () => {
  it("keeps the user's cart across requests without any token", async () => {
    const { auth, userId } = await signUp();
    const p = await makeProduct(t.ctx, t.modules, { price: "99.99", stock: 10 });
    const res = await addItem(auth, p.id, 3);
    const cart = cartOf(res);
    expect(cart.cart_token).toBeUndefined();
    expect(res.cookies).toHaveLength(0);
    expect(cart).toMatchObject({ items: [{ product_id: p.id, quantity: 3 }], total: "299.97" });
    expect(cartOf(await call("GET", "/api/cart", auth)).id).toBe(cart.id);
    const rows = await queryRows<{ user_id: string; token_hash: string | null }>(
      t.ctx.db,
      sql`select user_id, token_hash from cart.carts where id = ${cart.id}`,
    );
    expect(rows).toEqual([{ user_id: userId, token_hash: null }]);
  });

  it("answers 404 for another user's cart item and changes nothing", async () => {
    const owner = await signUp();
    const other = await signUp();
    const p = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const cart = cartOf(await addItem(owner.auth, p.id, 2));
    const itemId = cart.items[0]?.id;
    cartOf(await addItem(other.auth, p.id, 1));

    expectProblem(
      await call("PATCH", `/api/cart/items/${itemId}`, other.auth, { quantity: 5 }),
      404,
      "CART_ITEM_NOT_FOUND",
    );
    expectProblem(await call("DELETE", `/api/cart/items/${itemId}`, other.auth), 404, "CART_ITEM_NOT_FOUND");
    const { token } = await guestCart(p.id, 1);
    expectProblem(await call("DELETE", `/api/cart/items/${itemId}`, tokenHeader(token)), 404, "CART_ITEM_NOT_FOUND");
    expect(await linesOf(cart.id as string)).toEqual([{ product_id: p.id, quantity: 2 }]);
  });
});

describe("stock and availability", () => {
  it("refuses to go above house stock with 409 INSUFFICIENT_STOCK naming the product, writing nothing", async () => {
    const { auth } = await signUp();
    const p = await makeProduct(t.ctx, t.modules, { name: "Maasai shuka", stock: 3 });
    const cart = cartOf(await addItem(auth, p.id, 2));

    const refused = expectProblem(await addItem(auth, p.id, 2), 409, "INSUFFICIENT_STOCK");
    expect(refused.detail).toContain("Maasai shuka");
    expect(refused.detail).toContain("Only 3");
    expect(refused.errors).toEqual([{ path: "body.quantity", message: expect.stringContaining(p.id) }]);
    const itemId = cart.items[0]?.id;
    expectProblem(await call("PATCH", `/api/cart/items/${itemId}`, auth, { quantity: 4 }), 409, "INSUFFICIENT_STOCK");
    expect(await linesOf(cart.id as string)).toEqual([{ product_id: p.id, quantity: 2 }]);
    cartOf(await call("PATCH", `/api/cart/items/${itemId}`, auth, { quantity: 3 }));
  });

  it("creates no guest cart and sets no cookie when the first add is refused", async () => {
    const p = await makeProduct(t.ctx, t.modules, { stock: 1 });
    const before = await countCarts();
    const res = await addItem({}, p.id, 2);
    expectProblem(res, 409, "INSUFFICIENT_STOCK");
    expect(res.cookies).toHaveLength(0);
    expect(await countCarts()).toBe(before);
  });

  it("does not cap external marketplace products by stock", async () => {
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const p = await makeProduct(t.ctx, t.modules, { marketplace: m.code, stock: 0, price: "5.00" });
    const cart = cartOf(await addItem({}, p.id, 7));
    expect(cart.items[0]).toMatchObject({ quantity: 7, stock: null, available: true, unavailable_reason: null });
  });

  it("refuses unknown, archived and unavailable products", async () => {
    expectProblem(await addItem({}, "0190aaaa-0000-7000-8000-000000000000", 1), 404, "PRODUCT_NOT_FOUND");
    const archived = await makeProduct(t.ctx, t.modules, { stock: 5 });
    await t.modules.catalog.updateProduct(t.ctx, archived.id, { status: "archived" });
    expectProblem(await addItem({}, archived.id, 1), 422, "PRODUCT_ARCHIVED");
    const off = await makeProduct(t.ctx, t.modules, { stock: 5, available: false });
    expectProblem(await addItem({}, off.id, 1), 422, "PRODUCT_UNAVAILABLE");
  });

  it("shows lines whose product changed as unavailable, left out of the totals", async () => {
    const { auth } = await signUp();
    const ok = await makeProduct(t.ctx, t.modules, { price: "10.00", stock: 9 });
    const archived = await makeProduct(t.ctx, t.modules, { price: "20.00", stock: 9 });
    const off = await makeProduct(t.ctx, t.modules, { price: "30.00", stock: 9 });
    const sold = await makeProduct(t.ctx, t.modules, { price: "40.00", stock: 9 });
    const low = await makeProduct(t.ctx, t.modules, { price: "50.00", stock: 9 });
    for (const p of [ok, archived, off, sold, low]) cartOf(await addItem(auth, p.id, 2));

    await t.modules.catalog.updateProduct(t.ctx, archived.id, { status: "archived" });
    await t.modules.catalog.updateProduct(t.ctx, off.id, { available: false });
    await t.modules.catalog.updateProduct(t.ctx, sold.id, { stock: 0 });
    await t.modules.catalog.updateProduct(t.ctx, low.id, { stock: 1 });

    const cart = cartOf(await call("GET", "/api/cart", auth));
    const reasons = Object.fromEntries(cart.items.map((i) => [i.product_id, [i.available, i.unavailable_reason]]));
    expect(reasons).toEqual({
      [ok.id]: [true, null],
      [archived.id]: [false, "archived"],
      [off.id]: [false, "unavailable"],
      [sold.id]: [false, "out_of_stock"],
      [low.id]: [false, "insufficient_stock"],
    });
    expect(cart.items.find((i) => i.product_id === low.id)).toMatchObject({ stock: 1, line_total: "100.00" });
    expect(cart).toMatchObject({ subtotal: "20.00", total: "20.00", item_count: 10 });
    expect(cart.groups).toEqual([
      { marketplace: expect.objectContaining({ code: "sokoni" }), subtotal: "20.00", item_count: 10 },
    ]);

    // An archived line may go down but not up.
    const line = cart.items.find((i) => i.product_id === archived.id);
    expectProblem(await call("PATCH", `/api/cart/items/${line?.id}`, auth, { quantity: 3 }), 422, "PRODUCT_ARCHIVED");
    cartOf(await call("PATCH", `/api/cart/items/${line?.id}`, auth, { quantity: 1 }));
  });
});

describe("money", () => {
  it("converts a USD product with the seeded rate, half up, and groups per marketplace adding up to the total", async () => {
    const usd = await makeMarketplace(t.ctx, t.modules, { currency: "USD", name: "Amazon US" });
    const house = await makeProduct(t.ctx, t.modules, { price: "1499.00", stock: 5 });
    // 10.01 USD × 129.5 = 1296.295 KES → 1296.30 (half up).
    const foreign = await makeProduct(t.ctx, t.modules, { marketplace: usd.code, currency: "USD", price: "10.01" });
    const { token } = await guestCart(house.id, 1);
    const cart = cartOf(await addItem(tokenHeader(token), foreign.id, 3));

    const f = cart.items.find((i) => i.product_id === foreign.id);
    expect(f).toMatchObject({
      unit_price: "10.01",
      currency: "USD",
      unit_store_price: "1296.30",
      line_total: "3888.90",
      marketplace: { id: usd.id, code: usd.code, name: "Amazon US" },
    });
    expect(cart.groups).toEqual([
      { marketplace: expect.objectContaining({ code: "sokoni" }), subtotal: "1499.00", item_count: 1 },
      { marketplace: { id: usd.id, code: usd.code, name: "Amazon US" }, subtotal: "3888.90", item_count: 3 },
    ]);
    expect(cart).toMatchObject({ subtotal: "5387.90", total: "5387.90", item_count: 4, store_currency: "KES" });

    // A new rate re-prices the cart at once.
    await t.modules.catalog.setFxRate(t.ctx, "USD", "130");
    const repriced = cartOf(await call("GET", "/api/cart", tokenHeader(token)));
    expect(repriced.items.find((i) => i.product_id === foreign.id)?.unit_store_price).toBe("1301.30");
    await t.modules.catalog.setFxRate(t.ctx, "USD", "129.5");
  });
});

describe("validation", () => {
  it.each([
    ["quantity 0", { quantity: 0 }, "body.quantity"],
    ["quantity 1000", { quantity: 1000 }, "body.quantity"],
    ["fractional quantity", { quantity: 1.5 }, "body.quantity"],
    ["quantity as a string", { quantity: "2" }, "body.quantity"],
    ["missing product_id", { product_id: undefined }, "body"],
    ["malformed product_id", { product_id: "abc" }, "body.product_id"],
    ["an unknown field", { price: "1.00" }, "body"],
  ])("refuses %s with 400", async (_name, overrides, path) => {
    const p = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const before = await countCarts();
    const res = await call("POST", "/api/cart/items", {}, { product_id: p.id, quantity: 1, ...overrides });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.some((e) => e.path.startsWith(path))).toBe(true);
    expect(await countCarts()).toBe(before);
  });

  it("refuses a bad item id and a bad PATCH body with 400", async () => {
    const { auth } = await signUp();
    const p = await makeProduct(t.ctx, t.modules, { stock: 5 });
    const cart = cartOf(await addItem(auth, p.id, 1));
    const itemId = cart.items[0]?.id;
    expectProblem(await call("PATCH", "/api/cart/items/not-a-uuid", auth, { quantity: 1 }), 400, "VALIDATION_FAILED");
    expectProblem(await call("DELETE", "/api/cart/items/not-a-uuid", auth), 400, "VALIDATION_FAILED");
    expectProblem(await call("PATCH", `/api/cart/items/${itemId}`, auth, { quantity: 0 }), 400, "VALIDATION_FAILED");
    expectProblem(
      await call("PATCH", `/api/cart/items/${itemId}`, auth, { quantity: 2, x: 1 }),
      400,
      "VALIDATION_FAILED",
    );
    expect(await linesOf(cart.id as string)).toEqual([{ product_id: p.id, quantity: 1 }]);
  });
});

describe("merging the guest cart on sign-in", () => {
  it("merges on login with the header: quantities add, capped by stock; the guest cart is gone", async () => {
    const { body: account, auth } = await signUp();
    const capped = await makeProduct(t.ctx, t.modules, { stock: 3 });
    const plain = await makeProduct(t.ctx, t.modules, { stock: 10 });
    const mine = cartOf(await addItem(auth, capped.id, 2));
    const { token, cart: guest } = await guestCart(capped.id, 2);
    cartOf(await addItem(tokenHeader(token), plain.id, 4));

    const res = await call("POST", "/api/auth/login", tokenHeader(token), {
      login: account.email,
      password: account.password,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "token_type",
      "user",
    ]);

    expect(await linesOf(mine.id as string)).toEqual([
      { product_id: capped.id, quantity: 3 },
      { product_id: plain.id, quantity: 4 },
    ]);
    const [gone] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from cart.carts where id = ${guest.id}`,
    );
    expect(Number(gone?.n)).toBe(0);
    expect(cartOf(await call("GET", "/api/cart", tokenHeader(token)))).toMatchObject({ id: null, items: [] });

    // Signing in again with the spent token changes nothing.
    const again = await call("POST", "/api/auth/login", tokenHeader(token), {
      login: account.email,
      password: account.password,
    });
    expect(again.statusCode).toBe(200);
    expect(await linesOf(mine.id as string)).toHaveLength(2);
  });

  it("merges on register with the cookie and clears the cookie", async () => {
    const p = await makeProduct(t.ctx, t.modules, { price: "75.00", stock: 10 });
    const { token } = await guestCart(p.id, 2);
    const { res, auth } = await signUp(cookieHeader(token));
    const cleared = res.cookies.find((c) => c.name === "sokoni_cart");
    expect(cleared?.value).toBe("");
    expect(cleared?.expires?.getTime() ?? 0).toBeLessThan(Date.now());
    const cart = cartOf(await call("GET", "/api/cart", auth));
    expect(cart).toMatchObject({ items: [{ product_id: p.id, quantity: 2 }], total: "150.00" });
  });

  it("signs in normally with a token that names no cart", async () => {
    const { body: account } = await signUp();
    const res = await call("POST", "/api/auth/login", tokenHeader("B".repeat(43)), {
      login: account.username,
      password: account.password,
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("documents the cart routes with the cart token header", async () => {
    const res = await call("GET", "/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    expect(Object.keys(paths["/api/cart"] ?? {}).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(paths["/api/cart/items/{id}"] ?? {}).sort()).toEqual(["delete", "patch"]);
    expect(paths["/api/cart/items"]?.post?.parameters).toContainEqual(
      expect.objectContaining({ name: "x-cart-token", in: "header" }),
    );
  });
});

describe("in production", () => {
  it("marks the cart cookie Secure", async () => {
    const prod = await createTestApp({
      NODE_ENV: "production",
      MOCK_GATEWAY_SECRET: "prod-secret-for-the-test-0123456789",
      MARKETPLACE_CREDENTIALS_KEY: "0123456789abcdef".repeat(4),
    });
    try {
      await prod.modules.catalog.ensureDefaultFxRates(prod.ctx);
      const p = await makeProduct(prod.ctx, prod.modules, { stock: 5 });
      const res = await prod.app.inject({
        method: "POST",
        url: "/api/cart/items",
        payload: { product_id: p.id, quantity: 1 },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.cookies.find((c) => c.name === "sokoni_cart")).toMatchObject({ httpOnly: true, secure: true });
    } finally {
      await prod.close();
    }
  });
});
