import { randomBytes, randomUUID } from "node:crypto";
import { JUMIA_DEV_API_KEY, type JumiaSimulator, startJumia } from "@sokoni/sandbox/jumia";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { queryRows } from "../../apps/api/src/platform/db.ts";
import { NAIROBI, type Shop, signUp, startShop } from "./shop.ts";

// Cart quote and checkout with an external offer, over real HTTP against the Jumia-like store
// simulator registered through the admin API. The simulator's prices are fixed, so "the shopper
// saw yesterday's price" is made by putting an older price into the catalog's copy of the offer.
let shop: Shop;
let jumia: JumiaSimulator;
const BUDGET_MS = 600;

beforeAll(async () => {
  jumia = await startJumia({ mode: { latencyMs: 10 } });
  shop = await startShop({ ORDER_PAYMENT_TIMEOUT: "600" });
  await shop.modules.catalog.ensureDefaultFxRates(shop.ctx);
  await shop.modules.marketplaces.ensureHouseMarketplace(shop.ctx, "KES");
  const email = `admin.${randomBytes(4).toString("hex")}@example.test`;
  await shop.modules.identity.ensureUser(shop.ctx, {
    email,
    password: "admin-pass-123",
    username: "quoteadmin",
    role: "admin",
  });
  const admin = (await shop.api("POST", "/api/auth/login", { body: { login: email, password: "admin-pass-123" } })).body
    .access_token;
  const res = await shop.api("POST", "/api/admin/marketplaces", {
    token: admin,
    body: {
      code: "jumia-ke",
      name: "Jumia Kenya",
      kind: "jumia",
      currency: "KES",
      ships_to: "domestic",
      api_base_url: jumia.url,
      time_budget_ms: BUDGET_MS,
      credentials: { api_key: JUMIA_DEV_API_KEY },
    },
  });
  expect(res.status).toBe(201);
});

afterEach(() => {
  jumia.resetMode();
  jumia.setMode({ latencyMs: 10 });
});

afterAll(async () => {
  await jumia?.close();
  await shop?.close();
});

type Offer = { id: string; store_price: string; marketplace: { code: string } };

/** External offers of the Jumia store, carted by id like house products (the search keeps them in the catalog). */
async function jumiaOffers(q: string): Promise<Offer[]> {
  const res = await shop.api("GET", `/api/search?q=${encodeURIComponent(q)}&page_size=20`);
  expect(res.status).toBe(200);
  const offers = (res.body.items as { offers: Offer[] }[])
    .flatMap((i) => i.offers)
    .filter((o) => o.marketplace.code === "jumia-ke");
  expect(offers.length).toBeGreaterThan(1);
  return offers;
}

const minor = (money: string) => Math.round(Number(money) * 100);
const money = (m: number) => (m / 100).toFixed(2);

/** What the catalog last knew of an offer: the price the shopper saw yesterday (KES, so store price = price). */
async function setStalePrice(productId: string, storePriceMinor: number) {
  await shop.database.db.execute(
    sql`update catalog.products set price_minor = ${storePriceMinor}, store_price_minor = ${storePriceMinor}
         where id = ${productId}`,
  );
}

const countRows = async (table: "orders.orders" | "checkout.idempotency_keys" | "payments.payments") =>
  Number(
    (await queryRows<{ n: number }>(shop.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n,
  );

async function cartWith(buyer: { token: string }, lines: { id: string; quantity: number }[]) {
  for (const l of lines) {
    const res = await shop.api("POST", "/api/cart/items", {
      token: buyer.token,
      body: { product_id: l.id, quantity: l.quantity },
    });
    expect(res.status).toBe(200);
  }
}

const quote = (buyer: { token: string }) => shop.api("POST", "/api/cart/quote", { token: buyer.token });
const checkout = (buyer: { token: string }, body: Record<string, unknown>, key = randomUUID()) =>
  shop.api("POST", "/api/checkout", {
    token: buyer.token,
    headers: { "idempotency-key": key },
    body: { shipping_address: NAIROBI, payment_method: "mock", ...body },
  });

describe("cart quote and checkout re-check external offers", () => {
  it("quotes a changed price with the previous one, keeps it in the catalog; a stale expected_total is refused with nothing written, the right one places the order", async () => {
    const buyer = await signUp(shop);
    const [offer, other] = await jumiaOffers("iphone 13 128GB");
    if (!offer || !other) throw new Error("no Jumia offers");
    const house = await makeProduct(shop.ctx, shop.modules, { price: "1500.00", stock: 5 });
    await cartWith(buyer, [
      { id: offer.id, quantity: 2 },
      { id: other.id, quantity: 1 },
      { id: house.id, quantity: 1 },
    ]);
    const live = minor(offer.store_price);
    const yesterday = live - 70_000;
    await setStalePrice(offer.id, yesterday);
    const seen = await shop.api("GET", "/api/cart", { token: buyer.token });
    const seenTotal = seen.body.total as string;
    expect(minor(seenTotal)).toBe(yesterday * 2 + minor(other.store_price) + 150_000);

    // Checkout with the total the shopper saw: re-checked, refused, nothing written.
    const before = await Promise.all([
      countRows("orders.orders"),
      countRows("checkout.idempotency_keys"),
      countRows("payments.payments"),
    ]);
    const key = randomUUID();
    const stale = await checkout(buyer, { expected_total: seenTotal }, key);
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const newTotal = minor(seenTotal) + 2 * 70_000;
    expect(stale.body).toMatchObject({ code: "PRICE_CHANGED", status: 409 });
    expect(stale.body.detail).toContain(`KES ${money(newTotal)}`);
    expect(stale.body.errors).toEqual([
      { path: `items.${offer.id}`, message: `price_up: was KES ${money(yesterday)}, now KES ${money(live)}` },
      { path: "expected_total", message: `the total is now KES ${money(newTotal)}` },
    ]);
    expect(
      await Promise.all([
        countRows("orders.orders"),
        countRows("checkout.idempotency_keys"),
        countRows("payments.payments"),
      ]),
    ).toEqual(before);
    expect((await shop.modules.catalog.getProduct(shop.ctx, house.id)).stock).toBe(5);
    const kept = await shop.api("GET", "/api/cart", { token: buyer.token });
    expect(kept.body.items).toHaveLength(3);
    // The re-check wrote the live price into the catalog.
    expect(kept.body.total).toBe(money(newTotal));

    // Yesterday's price again: the quote names the line with both prices and the new total.
    await setStalePrice(offer.id, yesterday);
    const q = await quote(buyer);
    expect(q.status).toBe(200);
    expect(q.body.changes).toEqual([
      {
        item_id: expect.any(String),
        product_id: offer.id,
        name: expect.any(String),
        previous_unit_price: money(yesterday),
        unit_price: money(live),
        change: "price_up",
      },
    ]);
    expect(q.body.unchecked).toEqual([]);
    expect(q.body.total).toBe(money(newTotal));
    expect(q.body.items.find((i: { product_id: string }) => i.product_id === offer.id)).toMatchObject({
      unit_store_price: money(live),
      line_total: money(live * 2),
      available: true,
    });

    // The shopper confirms the quoted total (same Idempotency-Key: the refused attempt kept none).
    const placed = await checkout(buyer, { expected_total: q.body.total }, key);
    expect(placed.status).toBe(201);
    expect(placed.body.order.total).toBe(money(newTotal));
    expect(placed.body.order.items).toContainEqual(
      expect.objectContaining({ product_id: offer.id, quantity: 2, unit_store_price: money(live) }),
    );
    expect((await shop.modules.catalog.getProduct(shop.ctx, house.id)).stock).toBe(4);
    // A replay of the placed order answers it again without a price check.
    const replay = await checkout(buyer, { expected_total: q.body.total }, key);
    expect(replay.status).toBe(200);
    expect(replay.body.order.id).toBe(placed.body.order.id);
  });

  it("a cheaper price is a price_down; checkout without expected_total takes the re-checked price", async () => {
    const buyer = await signUp(shop);
    const [offer] = await jumiaOffers("samsung galaxy");
    if (!offer) throw new Error("no Jumia offer");
    await cartWith(buyer, [{ id: offer.id, quantity: 1 }]);
    const live = minor(offer.store_price);
    await setStalePrice(offer.id, live + 50_000);
    const q = await quote(buyer);
    expect(q.body.changes).toEqual([
      expect.objectContaining({
        product_id: offer.id,
        previous_unit_price: money(live + 50_000),
        unit_price: money(live),
        change: "price_down",
      }),
    ]);
    await setStalePrice(offer.id, live + 50_000);
    const placed = await checkout(buyer, {});
    expect(placed.status).toBe(201);
    expect(placed.body.order.total).toBe(money(live));
  });

  it("a marketplace that does not answer in its budget leaves the last known price, and the line says so", async () => {
    const buyer = await signUp(shop);
    const [offer] = await jumiaOffers("iphone 13 128GB");
    if (!offer) throw new Error("no Jumia offer");
    await cartWith(buyer, [{ id: offer.id, quantity: 1 }]);
    const stale = minor(offer.store_price) - 10_000;
    await setStalePrice(offer.id, stale);

    jumia.setMode({ slow: true });
    const started = Date.now();
    const q = await quote(buyer);
    expect(Date.now() - started).toBeLessThan(BUDGET_MS + 1_500);
    expect(q.status).toBe(200);
    expect(q.body.changes).toEqual([]);
    expect(q.body.unchecked).toEqual([
      {
        item_id: expect.any(String),
        product_id: offer.id,
        name: expect.any(String),
        marketplace: expect.objectContaining({ code: "jumia-ke" }),
        reason: `Jumia Kenya did not answer within ${BUDGET_MS} ms`,
      },
    ]);
    expect(q.body.total).toBe(money(stale));

    jumia.resetMode();
    jumia.setMode({ fail: true });
    const failed = await quote(buyer);
    expect(failed.body.unchecked).toEqual([
      expect.objectContaining({ product_id: offer.id, reason: "Jumia Kenya could not be reached" }),
    ]);
    expect(failed.body.total).toBe(money(stale));
    // Checkout with the shown total goes through at the last known price.
    const placed = await checkout(buyer, { expected_total: money(stale) });
    expect(placed.status).toBe(201);
    expect(placed.body.order.total).toBe(money(stale));
  });

  it("an offer the marketplace no longer has is quoted unavailable and refused at checkout like out-of-stock", async () => {
    const buyer = await signUp(shop);
    const [, , offer] = await jumiaOffers("iphone 13 128GB");
    if (!offer) throw new Error("no Jumia offer");
    const house = await makeProduct(shop.ctx, shop.modules, { price: "300.00", stock: 3 });
    await cartWith(buyer, [
      { id: offer.id, quantity: 1 },
      { id: house.id, quantity: 1 },
    ]);
    await shop.database.db.execute(
      sql`update catalog.products set external_id = ${`gone-${randomUUID()}`} where id = ${offer.id}`,
    );
    const q = await quote(buyer);
    expect(q.body.changes).toEqual([
      expect.objectContaining({
        product_id: offer.id,
        previous_unit_price: offer.store_price,
        unit_price: offer.store_price,
        change: "unavailable",
      }),
    ]);
    expect(q.body.items.find((i: { product_id: string }) => i.product_id === offer.id)).toMatchObject({
      available: false,
      unavailable_reason: "unavailable",
    });
    expect(q.body.total).toBe("300.00");
    const orders = await countRows("orders.orders");
    const refused = await checkout(buyer, { expected_total: "300.00" });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("PRODUCT_UNAVAILABLE");
    expect(refused.body.errors).toEqual([{ path: `items.${offer.id}`, message: expect.any(String) }]);
    expect(await countRows("orders.orders")).toBe(orders);
    expect((await shop.modules.catalog.getProduct(shop.ctx, house.id)).stock).toBe(3);
  });

  it("a house-only cart is quoted without changes; a wrong expected_total is refused, a malformed one is a 400", async () => {
    const buyer = await signUp(shop);
    const house = await makeProduct(shop.ctx, shop.modules, { price: "1250.50", stock: 4 });
    await cartWith(buyer, [{ id: house.id, quantity: 2 }]);
    const q = await quote(buyer);
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ changes: [], unchecked: [], total: "2501.00" });
    expect(Date.parse(q.body.quoted_at)).not.toBeNaN();

    const orders = await countRows("orders.orders");
    const bad = await checkout(buyer, { expected_total: "25.001" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "body.expected_total", message: expect.any(String) }]);
    const word = await checkout(buyer, { expected_total: "lots" });
    expect(word.status).toBe(400);
    expect(word.body.errors[0].path).toMatch(/expected_total/);
    const wrong = await checkout(buyer, { expected_total: 2500 });
    expect(wrong.status).toBe(409);
    expect(wrong.body.errors).toEqual([{ path: "expected_total", message: "the total is now KES 2501.00" }]);
    expect(await countRows("orders.orders")).toBe(orders);
    expect((await shop.modules.catalog.getProduct(shop.ctx, house.id)).stock).toBe(4);

    const placed = await checkout(buyer, { expected_total: 2501 });
    expect(placed.status).toBe(201);
    expect(placed.body.order.total).toBe("2501.00");
  });

  it("a guest without a cart gets an empty quote, and creates nothing", async () => {
    const res = await shop.api("POST", "/api/cart/quote");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: null, items: [], changes: [], unchecked: [], total: "0.00" });
  });
});
