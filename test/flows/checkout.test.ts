import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMarketplace, makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { queryRows } from "../../apps/api/src/platform/db.ts";
import { jobDefinitions } from "../../apps/api/src/worker.ts";
import { eventually, NAIROBI, type Shop, signUp, startShop } from "./shop.ts";

// Cart → checkout → pay → order, over real HTTP against the real gateway simulator.
let shop: Shop;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  shop = await startShop({ ORDER_PAYMENT_TIMEOUT: "600" });
  await shop.modules.catalog.ensureDefaultFxRates(shop.ctx);
});
afterAll(async () => {
  await shop?.close();
});

const stockOf = async (id: string) => (await shop.modules.catalog.getProduct(shop.ctx, id)).stock;
const key = () => randomUUID();
const countOrders = async () =>
  Number((await queryRows<{ n: number }>(shop.database.db, sql`select count(*)::int as n from orders.orders`))[0]?.n);
const jobsNamed = (name: string) =>
  queryRows<{ data: { orderId: string }; start_after: Date }>(
    shop.database.db,
    sql`select data, start_after from pgboss.job where name = ${name}`,
  );
const emailsTo = async (to: string) =>
  (await shop.modules.notifications.listEmails(shop.ctx, { page: 1, pageSize: 100, to })).items;

async function checkoutCart(buyer: { token: string }, body: Record<string, unknown>, idempotencyKey = key()) {
  return shop.api("POST", "/api/checkout", {
    token: buyer.token,
    headers: { "idempotency-key": idempotencyKey },
    body: { shipping_address: NAIROBI, ...body },
  });
}

describe("checkout with the mock gateway", () => {
  it("turns a cart into a pending order, reserves stock, empties the cart, and is paid by the gateway's webhook", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "1500.00", stock: 7 });
    await shop.api("POST", "/api/cart/items", { token: buyer.token, body: { product_id: product.id, quantity: 3 } });

    const res = await checkoutCart(buyer, { payment_method: "mock" });
    expect(res.status).toBe(201);
    const { order, payment } = res.body;
    expect(order).toMatchObject({ status: "pending_payment", total: "4500.00", currency: "KES", email: buyer.email });
    expect(order.items).toEqual([
      expect.objectContaining({ product_id: product.id, quantity: 3, unit_price: "1500.00", line_total: "4500.00" }),
    ]);
    expect(order.groups).toHaveLength(1);
    expect(payment).toMatchObject({ provider: "mock", status: "pending", amount: "4500.00", currency: "KES" });
    expect(payment.redirect_url).toMatch(new RegExp(`^${shop.gateway.url}/pay/`));
    expect(await stockOf(product.id)).toBe(4);
    const cart = await shop.api("GET", "/api/cart", { token: buyer.token });
    expect(cart.body.items).toEqual([]);
    expect((await jobsNamed("checkout.expireOrder")).some((j) => j.data.orderId === order.id)).toBe(true);

    // The shopper presses Pay on the gateway's hosted page; the gateway calls our webhook.
    const page = await fetch(payment.redirect_url);
    expect(await page.text()).toContain("Pay");
    const confirm = await fetch(`${payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
      redirect: "manual",
    });
    // Back to the order's page on the shop, which follows the payment from there.
    expect(confirm.status).toBe(303);
    const back = new URL(confirm.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toBe(`${shop.url}/orders/${order.id}`);
    expect(Object.fromEntries(back.searchParams)).toEqual({ payment_id: payment.id, status: "succeeded" });
    const paid = await eventually(
      () => shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token }),
      (r) => r.body.status === "paid",
    );
    expect(paid.body.paid_at).not.toBeNull();
    expect(paid.body.payments).toEqual([expect.objectContaining({ id: payment.id, status: "succeeded" })]);
    expect(paid.body.history.map((h: { to: string }) => h.to)).toEqual(["pending_payment", "paid"]);
    const templates = (await emailsTo(buyer.email)).map((e) => e.template).sort();
    expect(templates).toEqual(["order_confirmation", "payment_received"]);
    expect(await stockOf(product.id)).toBe(4);
  });

  it("keeps the order unpaid and tells the shopper when the payment is declined", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "200.00", stock: 2 });
    await shop.api("POST", "/api/cart/items", { token: buyer.token, body: { product_id: product.id, quantity: 1 } });
    const { order, payment } = (await checkoutCart(buyer, { payment_method: "mock" })).body;
    await fetch(`${payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=decline",
    });
    const detail = await eventually(
      () => shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token }),
      (r) => r.body.payments[0]?.status === "failed",
    );
    expect(detail.body.status).toBe("pending_payment");
    expect((await emailsTo(buyer.email)).map((e) => e.template)).toContain("payment_failed");
  });

  it("pays an order again after a decline, with another method, and refuses once it is paid", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "400.00", stock: 3 });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity: 1 }] },
    });
    const { order, payment } = placed.body;
    await fetch(`${payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=decline",
    });
    await eventually(
      () => shop.modules.payments.getPayment(shop.ctx, payment.id),
      (p) => p.status === "failed",
    );
    await shop.modules.wallet.credit(shop.ctx, { userId: buyer.id, amountMinor: 40_000, reason: "top-up" });
    const again = await shop.api("POST", `/api/orders/${order.id}/payments`, {
      token: buyer.token,
      body: { payment_method: "wallet" },
    });
    expect(again.status).toBe(201);
    expect(again.body.order.status).toBe("paid");
    expect(again.body.payment).toMatchObject({ provider: "wallet", status: "succeeded", amount: "400.00" });
    expect(await stockOf(product.id)).toBe(2);
    const more = await shop.api("POST", `/api/orders/${order.id}/payments`, {
      token: buyer.token,
      body: { payment_method: "mock" },
    });
    expect(more.body).toMatchObject({ status: 409, code: "ORDER_NOT_PAYABLE" });
    const stranger = await signUp(shop);
    const theirs = await shop.api("POST", `/api/orders/${order.id}/payments`, {
      token: stranger.token,
      body: { payment_method: "mock" },
    });
    expect(theirs.status).toBe(404);
  });

  it("supersedes the attempt still pending when the shopper pays again", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "50.00", stock: 3 });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity: 1 }] },
    });
    const second = await shop.api("POST", `/api/orders/${placed.body.order.id}/payments`, {
      token: buyer.token,
      body: { payment_method: "mock" },
    });
    expect(second.status).toBe(201);
    expect((await shop.modules.payments.getPayment(shop.ctx, placed.body.payment.id)).status).toBe("cancelled");
    await fetch(`${second.body.payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
    });
    const paid = await eventually(
      () => shop.api("GET", `/api/orders/${placed.body.order.id}`, { token: buyer.token }),
      (r) => r.body.status === "paid",
    );
    expect(paid.body.payments.map((p: { status: string }) => p.status).sort()).toEqual(["cancelled", "succeeded"]);
  });

  it("lets a guest check out a cart with its token and an email", async () => {
    const product = await makeProduct(shop.ctx, shop.modules, { price: "99.50", stock: 3 });
    const added = await shop.api("POST", "/api/cart/items", { body: { product_id: product.id, quantity: 2 } });
    const token = added.body.cart_token as string;
    expect(token).toBeTruthy();
    const res = await shop.api("POST", "/api/checkout", {
      headers: { "idempotency-key": key(), "x-cart-token": token },
      body: { shipping_address: NAIROBI, payment_method: "mock", email: "guest@example.test" },
    });
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({ user_id: null, email: "guest@example.test", total: "199.00" });
    const without = await shop.api("POST", "/api/checkout", {
      headers: { "idempotency-key": key(), "x-cart-token": token },
      body: { shipping_address: NAIROBI, payment_method: "mock" },
    });
    expect(without.status).toBe(400);
  });

  it("gives a guest a key to their order: it reads, pays again and cancels that order only", async () => {
    const product = await makeProduct(shop.ctx, shop.modules, { price: "120.00", stock: 5 });
    const guestCheckout = async (idempotencyKey = key()) => {
      const added = await shop.api("POST", "/api/cart/items", { body: { product_id: product.id, quantity: 1 } });
      return shop.api("POST", "/api/checkout", {
        headers: { "idempotency-key": idempotencyKey, "x-cart-token": added.body.cart_token },
        body: { shipping_address: NAIROBI, payment_method: "mock", email: "keyholder@example.test" },
      });
    };
    const retryKey = key();
    const first = await guestCheckout(retryKey);
    const second = await guestCheckout();
    const orderId = first.body.order.id as string;
    const accessKey = first.body.order_access_key as string;
    expect(accessKey).toMatch(/^[\w-]{43}$/);
    expect(second.body.order_access_key).not.toBe(accessKey);

    // A retry with the same Idempotency-Key hands out the same key (it is derived, not stored).
    const replay = await shop.api("POST", "/api/checkout", {
      headers: { "idempotency-key": retryKey, "x-cart-token": "irrelevant-on-replay" },
      body: { shipping_address: NAIROBI, payment_method: "mock", email: "keyholder@example.test" },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ order: { id: orderId }, order_access_key: accessKey });

    expect((await shop.api("GET", `/api/orders/${orderId}`)).status).toBe(401);
    const wrong = await shop.api("GET", `/api/orders/${orderId}`, { headers: { "x-order-key": "x".repeat(43) } });
    expect(wrong).toMatchObject({ status: 404, body: { code: "ORDER_NOT_FOUND" } });
    const crossed = await shop.api("GET", `/api/orders/${second.body.order.id}`, {
      headers: { "x-order-key": accessKey },
    });
    expect(crossed.status).toBe(404);
    const read = await shop.api("GET", `/api/orders/${orderId}`, { headers: { "x-order-key": accessKey } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: orderId, user_id: null, status: "pending_payment" });
    expect(read.body.payments).toHaveLength(1);
    // A signed-in stranger holding the key is let in by the key, not by their account.
    const stranger = await signUp(shop);
    expect((await shop.api("GET", `/api/orders/${orderId}`, { token: stranger.token })).status).toBe(404);

    const repaid = await shop.api("POST", `/api/orders/${orderId}/payments`, {
      headers: { "x-order-key": accessKey },
      body: { payment_method: "mock" },
    });
    expect(repaid.status).toBe(201);
    expect(repaid.body.order_access_key).toBe(accessKey);
    const wallet = await shop.api("POST", `/api/orders/${orderId}/payments`, {
      headers: { "x-order-key": accessKey },
      body: { payment_method: "wallet" },
    });
    expect(wallet.body).toMatchObject({ status: 422, code: "WALLET_NEEDS_ACCOUNT" });

    const stockBefore = await stockOf(product.id);
    const cancelled = await shop.api("POST", `/api/orders/${orderId}/cancel`, {
      headers: { "x-order-key": accessKey },
      body: {},
    });
    expect(cancelled).toMatchObject({ status: 200, body: { status: "cancelled" } });
    expect(await stockOf(product.id)).toBe(stockBefore + 1);
    expect(
      (
        await shop.api("POST", `/api/orders/${second.body.order.id}/cancel`, {
          headers: { "x-order-key": accessKey },
          body: {},
        })
      ).status,
    ).toBe(404);
  });

  it("gives a signed-in shopper no order key, and no key opens their order", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "80.00", stock: 2 });
    await shop.api("POST", "/api/cart/items", { token: buyer.token, body: { product_id: product.id, quantity: 1 } });
    const placed = await checkoutCart(buyer, { payment_method: "mock" });
    expect(placed.body.order_access_key).toBeNull();
    const asKeyHolder = { ...shop.ctx, actor: { kind: "orderKey" as const, orderId: placed.body.order.id } };
    await expect(shop.modules.orders.getOrder(asKeyHolder, placed.body.order.id)).rejects.toMatchObject({
      code: "ORDER_NOT_FOUND",
    });
  });

  it("refuses an empty cart and a missing Idempotency-Key", async () => {
    const buyer = await signUp(shop);
    expect((await checkoutCart(buyer, { payment_method: "mock" })).body).toMatchObject({
      status: 422,
      code: "CART_EMPTY",
    });
    const noKey = await shop.api("POST", "/api/checkout", {
      token: buyer.token,
      body: { shipping_address: NAIROBI, payment_method: "mock" },
    });
    expect(noKey.status).toBe(400);
  });

  it("uses a saved address by id, and 404s another user's address", async () => {
    const buyer = await signUp(shop);
    const other = await signUp(shop);
    const address = await shop.api("POST", "/api/users/me/addresses", { token: buyer.token, body: NAIROBI });
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 5 });
    const items = [{ product_id: product.id, quantity: 1 }];
    const mine = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { items, address_id: address.body.id, payment_method: "mock" },
    });
    expect(mine.status).toBe(201);
    expect(mine.body.order.shipping_address).toMatchObject({ line1: "Moi Avenue 12", country: "KE" });
    const theirs = await shop.api("POST", "/api/orders", {
      token: other.token,
      headers: { "idempotency-key": key() },
      body: { items, address_id: address.body.id, payment_method: "mock" },
    });
    expect(theirs.status).toBe(404);
  });
});

describe("placing orders directly", () => {
  it("refuses more than the stock with 409 naming the products, and writes nothing", async () => {
    const buyer = await signUp(shop);
    const plenty = await makeProduct(shop.ctx, shop.modules, { name: "Plenty Kettle", stock: 10 });
    const scarce = await makeProduct(shop.ctx, shop.modules, { name: "Scarce Teapot", stock: 1 });
    const before = await countOrders();
    const res = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: {
        shipping_address: NAIROBI,
        payment_method: "mock",
        items: [
          { product_id: plenty.id, quantity: 2 },
          { product_id: scarce.id, quantity: 3 },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.code).toBe("INSUFFICIENT_STOCK");
    expect(res.body.detail).toContain("Scarce Teapot");
    expect(res.body.errors).toEqual([expect.objectContaining({ path: `items.${scarce.id}` })]);
    expect(await countOrders()).toBe(before);
    expect(await stockOf(plenty.id)).toBe(10);
    expect(await stockOf(scarce.id)).toBe(1);
  });

  it("refuses an archived product and an unknown one", async () => {
    const buyer = await signUp(shop);
    const gone = await makeProduct(shop.ctx, shop.modules, { stock: 3 });
    await shop.modules.catalog.updateProduct(shop.ctx, gone.id, { available: false });
    const place = (productId: string) =>
      shop.api("POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": key() },
        body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: productId, quantity: 1 }] },
      });
    expect((await place(gone.id)).body).toMatchObject({ status: 409, code: "PRODUCT_UNAVAILABLE" });
    expect((await place(randomUUID())).body).toMatchObject({ status: 404, code: "PRODUCT_NOT_FOUND" });
  });

  it("prices a foreign product in the store currency with the frozen fx rate", async () => {
    const buyer = await signUp(shop);
    const usd = await makeMarketplace(shop.ctx, shop.modules, { currency: "USD" });
    const product = await makeProduct(shop.ctx, shop.modules, {
      price: "19.99",
      currency: "USD",
      marketplace: usd.code,
    });
    const res = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity: 3 }] },
    });
    expect(res.status).toBe(201);
    // 19.99 USD × 129.5 = 2588.705 → 2588.71 KES (half up), × 3 = 7766.13
    expect(res.body.order.items[0]).toMatchObject({
      unit_price: "19.99",
      currency: "USD",
      unit_store_price: "2588.71",
      line_total: "7766.13",
    });
    expect(Number(res.body.order.items[0].fx_rate)).toBe(129.5);
    expect(res.body.order.groups[0].marketplace.code).toBe(usd.code);
    await shop.modules.catalog.setFxRate(shop.ctx, "USD", "140");
    const later = await shop.api("GET", `/api/orders/${res.body.order.id}`, { token: buyer.token });
    expect(later.body.total).toBe("7766.13");
    await shop.modules.catalog.setFxRate(shop.ctx, "USD", "129.5");
  });
});

describe("idempotency", () => {
  it("returns the same order for the same key and body, and refuses the key with another body", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 10 });
    const k = key();
    const body = {
      shipping_address: NAIROBI,
      payment_method: "mock",
      items: [{ product_id: product.id, quantity: 2 }],
    };
    const first = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": k },
      body,
    });
    const again = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": k },
      body,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.order.id).toBe(first.body.order.id);
    expect(again.body.payment.id).toBe(first.body.payment.id);
    expect(await stockOf(product.id)).toBe(8);
    const other = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": k },
      body: { ...body, items: [{ product_id: product.id, quantity: 1 }] },
    });
    expect(other.body).toMatchObject({ status: 409, code: "IDEMPOTENCY_KEY_REUSED" });
    expect(await stockOf(product.id)).toBe(8);
  });

  it("creates exactly one order when the same key arrives 20 times at once", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 100 });
    const k = key();
    const before = await countOrders();
    const body = {
      shipping_address: NAIROBI,
      payment_method: "mock",
      items: [{ product_id: product.id, quantity: 1 }],
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        shop.api("POST", "/api/orders", { token: buyer.token, headers: { "idempotency-key": k }, body }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(await countOrders()).toBe(before + 1);
    expect(await stockOf(product.id)).toBe(99);
  });
});

describe("concurrency", () => {
  it.runIf(onPostgres)("sells the last 10 units to exactly 10 of 50 racing buyers", async () => {
    const product = await makeProduct(shop.ctx, shop.modules, { name: "Last Ten Lamp", stock: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        shop.api("POST", "/api/orders", {
          headers: { "idempotency-key": key() },
          body: {
            shipping_address: NAIROBI,
            payment_method: "mock",
            email: `racer${i}@example.test`,
            items: [{ product_id: product.id, quantity: 1 }],
          },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "INSUFFICIENT_STOCK")).toBe(true);
    expect(await stockOf(product.id)).toBe(0);
    const sold = await queryRows<{ n: number }>(
      shop.database.db,
      sql`select coalesce(sum(quantity), 0)::int as n from orders.order_items where product_id = ${product.id}`,
    );
    expect(sold[0]?.n).toBe(10);
  });

  it("never oversells on the embedded database either (serialised there)", async () => {
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 3 });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        shop.api("POST", "/api/orders", {
          headers: { "idempotency-key": key() },
          body: {
            shipping_address: NAIROBI,
            payment_method: "mock",
            email: `few${i}@example.test`,
            items: [{ product_id: product.id, quantity: 1 }],
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(await stockOf(product.id)).toBe(0);
  });
});

describe("wallet payments", () => {
  it("pays at once from the wallet when the balance covers the total, else 422 and nothing written", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "300.00", stock: 5 });
    await shop.modules.wallet.credit(shop.ctx, { userId: buyer.id, amountMinor: 50_000, reason: "top-up" });
    const place = (quantity: number) =>
      shop.api("POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": key() },
        body: { shipping_address: NAIROBI, payment_method: "wallet", items: [{ product_id: product.id, quantity }] },
      });
    const ok = await place(1);
    expect(ok.status).toBe(201);
    expect(ok.body.order.status).toBe("paid");
    expect(ok.body.payment).toMatchObject({ provider: "wallet", status: "succeeded", amount: "300.00" });
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(20_000);
    const before = await countOrders();
    const tooMuch = await place(4);
    expect(tooMuch.status).toBe(422);
    expect(await countOrders()).toBe(before);
    expect(await stockOf(product.id)).toBe(4);
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(20_000);
  });
});

describe("cancelling and expiring", () => {
  async function pendingOrder(quantity = 2, stock = 5) {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { stock });
    const res = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity }] },
    });
    return { buyer, product, order: res.body.order, payment: res.body.payment };
  }

  it("cancels an unpaid order on the shopper's request and gives the stock back", async () => {
    const { buyer, product, order } = await pendingOrder(2, 5);
    expect(await stockOf(product.id)).toBe(3);
    const res = await shop.api("POST", `/api/orders/${order.id}/cancel`, { token: buyer.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "cancelled", cancel_reason: "cancelled by the shopper" });
    expect(await stockOf(product.id)).toBe(5);
    const detail = await shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token });
    expect(detail.body.payments[0].status).toBe("cancelled");
    expect(detail.body.items[0].status).toBe("cancelled");
    const twice = await shop.api("POST", `/api/orders/${order.id}/cancel`, { token: buyer.token, body: {} });
    expect(twice.status).toBe(409);
    expect(await stockOf(product.id)).toBe(5);
  });

  it("hides another shopper's order (404) from reading and cancelling", async () => {
    const { order } = await pendingOrder();
    const stranger = await signUp(shop);
    expect((await shop.api("GET", `/api/orders/${order.id}`, { token: stranger.token })).status).toBe(404);
    expect((await shop.api("POST", `/api/orders/${order.id}/cancel`, { token: stranger.token, body: {} })).status).toBe(
      404,
    );
  });

  it("expires an unpaid order through its job: cancelled, stock released, shopper told", async () => {
    const { buyer, product, order } = await pendingOrder(2, 4);
    const job = (await jobsNamed("checkout.expireOrder")).find((j) => j.data.orderId === order.id);
    expect(job).toBeDefined();
    expect(new Date(job?.start_after ?? 0).getTime()).toBeGreaterThan(Date.now() + 500_000);
    const handler = jobDefinitions(shop.modules, shop.database, shop.ctx.log).find(
      (d) => d.name === "checkout.expireOrder",
    );
    // Before its time the job leaves the order alone (a clock that runs early changes nothing).
    await handler?.handler({ orderId: order.id }, { id: "x", retryCount: 0, retryLimit: 10 });
    expect((await shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token })).body.status).toBe(
      "pending_payment",
    );
    expect(await shop.modules.checkout.expireOrder(shop.ctx, order.id, new Date(Date.now() + 601_000))).toBe("expired");
    const detail = await shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token });
    expect(detail.body).toMatchObject({ status: "cancelled", cancel_reason: "payment window expired" });
    expect(await stockOf(product.id)).toBe(4);
    expect((await emailsTo(buyer.email)).map((e) => e.template)).toContain("order_expired");
    // Running again (a retried job) changes nothing.
    expect(await shop.modules.checkout.expireOrder(shop.ctx, order.id, new Date(Date.now() + 601_000))).toBe("skipped");
    expect(await stockOf(product.id)).toBe(4);
  });

  it("refunds to the wallet a payment that arrives after the order expired", async () => {
    const { buyer, order, payment } = await pendingOrder(1, 3);
    await shop.modules.checkout.expireOrder(shop.ctx, order.id, new Date(Date.now() + 601_000));
    await fetch(`${payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
    });
    const wallet = await eventually(
      () => shop.modules.wallet.getBalance(shop.ctx, buyer.id),
      (b) => b.balanceMinor > 0,
    );
    expect(wallet.balanceMinor).toBe(10_000);
    expect((await shop.api("GET", `/api/orders/${order.id}`, { token: buyer.token })).body.status).toBe("cancelled");
  });
});

describe("late payments", () => {
  it("flags for a person a guest's payment that arrives after the order expired", async () => {
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 2 });
    const placed = await shop.api("POST", "/api/orders", {
      headers: { "idempotency-key": key() },
      body: {
        shipping_address: NAIROBI,
        payment_method: "mock",
        email: "late-guest@example.test",
        items: [{ product_id: product.id, quantity: 1 }],
      },
    });
    const { order, payment } = placed.body;
    await shop.modules.checkout.expireOrder(shop.ctx, order.id, new Date(Date.now() + 601_000));
    await fetch(`${payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
    });
    const flagged = await eventually(
      () => shop.modules.payments.getPayment(shop.ctx, payment.id),
      (p) => p.status !== "cancelled",
    );
    expect(flagged.status).toBe("flagged");
    expect(flagged.failureReason).toContain(order.number);
    expect(await stockOf(product.id)).toBe(2);
  });
});

describe("admin", () => {
  let admin: { token: string };
  beforeAll(async () => {
    await shop.modules.identity.ensureUser(shop.ctx, {
      email: "boss@example.test",
      password: "admin-password-1",
      role: "admin",
    });
    const login = await shop.api("POST", "/api/auth/login", {
      body: { login: "boss@example.test", password: "admin-password-1" },
    });
    admin = { token: login.body.access_token };
  });

  it("lists every order filtered by status and customer; customers get 403", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 5 });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity: 1 }] },
    });
    const list = await shop.api("GET", `/api/admin/orders?user_id=${buyer.id}&status=pending_payment`, {
      token: admin.token,
    });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items[0].id).toBe(placed.body.order.id);
    const none = await shop.api("GET", `/api/admin/orders?user_id=${buyer.id}&status=paid`, { token: admin.token });
    expect(none.body.total).toBe(0);
    expect((await shop.api("GET", "/api/admin/orders", { token: buyer.token })).status).toBe(403);
    const mine = await shop.api("GET", "/api/orders", { token: buyer.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.order.id]);
  });

  it("moves orders and items through the state machines, refusing illegal moves with 409", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "100.00", stock: 5 });
    await shop.modules.wallet.credit(shop.ctx, { userId: buyer.id, amountMinor: 10_000, reason: "top-up" });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "wallet", items: [{ product_id: product.id, quantity: 1 }] },
    });
    const { order } = placed.body;
    expect(order.status).toBe("paid");
    const patch = (path: string, body: unknown) => shop.api("PATCH", path, { token: admin.token, body });
    expect((await patch(`/api/admin/orders/${order.id}/status`, { status: "delivered" })).status).toBe(409);
    expect((await patch(`/api/admin/orders/${order.id}/status`, { status: "pending_payment" })).status).toBe(409);
    const itemPath = `/api/admin/orders/${order.id}/items/${order.items[0].id}/status`;
    expect((await patch(itemPath, { status: "delivered" })).status).toBe(409);
    expect((await patch(itemPath, { status: "shipped" })).body.status).toBe("shipped");
    const delivered = await patch(itemPath, { status: "delivered" });
    expect(delivered.body.status).toBe("delivered");
    expect(delivered.body.items[0].status).toBe("delivered");
    expect((await patch(itemPath, { status: "shipped" })).status).toBe(409);
    const refunded = await patch(`/api/admin/orders/${order.id}/status`, { status: "refunded", reason: "damaged" });
    expect(refunded.body.status).toBe("refunded");
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(10_000);
    expect((await patch(`/api/admin/orders/${order.id}/status`, { status: "refunded" })).status).toBe(409);
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(10_000);
  });

  it("archives, not deletes, a product that an order refers to", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { stock: 3 });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "mock", items: [{ product_id: product.id, quantity: 1 }] },
    });
    const removed = await shop.api("DELETE", `/api/products/${product.id}`, { token: admin.token });
    expect(removed.status).toBeLessThan(300);
    const archived = await shop.modules.catalog.getProduct(shop.ctx, product.id, { includeArchived: true });
    expect(archived.status).toBe("archived");
    const order = await shop.api("GET", `/api/orders/${placed.body.order.id}`, { token: buyer.token });
    expect(order.body.items[0]).toMatchObject({ product_id: product.id, title: product.name });
  });

  it("cancels a paid order: stock back and the total refunded to the wallet", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "250.00", stock: 4 });
    await shop.modules.wallet.credit(shop.ctx, { userId: buyer.id, amountMinor: 50_000, reason: "top-up" });
    const placed = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": key() },
      body: { shipping_address: NAIROBI, payment_method: "wallet", items: [{ product_id: product.id, quantity: 2 }] },
    });
    expect(await stockOf(product.id)).toBe(2);
    // The shopper's cancel is for unpaid orders only, for admins too: it would not refund.
    const plain = await shop.api("POST", `/api/orders/${placed.body.order.id}/cancel`, {
      token: admin.token,
      body: {},
    });
    expect(plain.body).toMatchObject({ status: 409, code: "ORDER_NOT_CANCELLABLE" });
    const res = await shop.api("PATCH", `/api/admin/orders/${placed.body.order.id}/status`, {
      token: admin.token,
      body: { status: "cancelled", reason: "out of stock at supplier" },
    });
    expect(res.body.status).toBe("cancelled");
    expect(await stockOf(product.id)).toBe(4);
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(50_000);
  });
});
