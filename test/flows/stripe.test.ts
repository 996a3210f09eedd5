import { randomUUID } from "node:crypto";
import type { StripeSimulator } from "@sokoni/sandbox/stripe";
import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { stripeSignatureHeader } from "../../apps/api/src/modules/payments/index.ts";
import { createStripeClient } from "../../apps/api/src/modules/payments/providers/stripe/stripe.client.ts";
import { queryRows } from "../../apps/api/src/platform/db.ts";
import {
  startTestStripe,
  stripeEnv,
  TEST_STRIPE_SECRET_KEY,
  TEST_STRIPE_WEBHOOK_SECRET,
} from "../../apps/api/test/stripe.ts";
import { eventually, NAIROBI, type Shop, signUp, startShop } from "./shop.ts";

// Checkout → Stripe Checkout (the sandbox simulator, over real HTTP) → signed webhooks → order.
let shop: Shop;
let stripe: StripeSimulator;
let admin: { token: string };

beforeAll(async () => {
  stripe = await startTestStripe();
  shop = await startShop({ ORDER_PAYMENT_TIMEOUT: "600", ...stripeEnv(stripe) });
  stripe.setWebhookUrl(`${shop.url}/api/stripe/webhook`);
  await shop.modules.identity.ensureUser(shop.ctx, {
    email: "stripe-admin@example.test",
    password: "admin-password-1",
    role: "admin",
  });
  const login = await shop.api("POST", "/api/auth/login", {
    body: { login: "stripe-admin@example.test", password: "admin-password-1" },
  });
  admin = { token: login.body.access_token };
});
afterAll(async () => {
  // Simulators first: a webhook connection they keep open to the API would hold its close.
  await stripe?.close();
  await shop?.close();
});

const client = () => createStripeClient({ apiBase: stripe.url, secretKey: TEST_STRIPE_SECRET_KEY });

async function placeStripeOrder(opts: { price?: string; quantity?: number; guest?: boolean } = {}) {
  const buyer = opts.guest ? undefined : await signUp(shop);
  const product = await makeProduct(shop.ctx, shop.modules, { price: opts.price ?? "1500.00", stock: 10 });
  const res = await shop.api("POST", "/api/orders", {
    token: buyer?.token,
    headers: { "idempotency-key": randomUUID() },
    body: {
      shipping_address: NAIROBI,
      payment_method: "stripe",
      ...(opts.guest ? { email: `guest-${randomUUID().slice(0, 8)}@example.test` } : {}),
      items: [{ product_id: product.id, quantity: opts.quantity ?? 1 }],
    },
  });
  if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { buyer, product, order: res.body.order, payment: res.body.payment };
}

function payWithCard(redirectUrl: string, card: string) {
  return fetch(redirectUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ cardNumber: card, cardExpiry: "12 / 34", cardCvc: "123", billingName: "Amina" }),
  });
}

const getOrder = (id: string) => shop.modules.orders.getOrder(shop.ctx, id);
const getPayment = (id: string) => shop.modules.payments.getPayment(shop.ctx, id);
const eventsOf = (type: string) => stripe.deliveries.filter((d) => d.event.type === type);
const webhookRow = (eventId: string) =>
  queryRows<{ deliveries: number; payment_id: string | null }>(
    shop.database.db,
    sql`select deliveries, payment_id from payments.webhook_events where provider = 'stripe' and event_key = ${eventId}`,
  );

async function paidStripeOrder(price = "1500.00", guest = false) {
  const placed = await placeStripeOrder({ price, guest });
  const res = await payWithCard(placed.payment.redirect_url, "4242 4242 4242 4242");
  expect(res.status).toBe(303);
  await eventually(
    () => getOrder(placed.order.id),
    (o) => o.status === "paid",
  );
  return placed;
}

describe("checkout with Stripe", () => {
  it("opens a Checkout Session for the order and is paid by the signed webhook after the card 4242", async () => {
    const { buyer, order, payment } = await placeStripeOrder({ price: "1500.00", quantity: 3 });
    expect(payment).toMatchObject({ provider: "stripe", status: "pending", amount: "4500.00", currency: "KES" });
    expect(payment.provider_reference).toMatch(/^cs_test_/);
    expect(payment.redirect_url).toBe(`${stripe.url}/c/pay/${payment.provider_reference}`);

    const session = await client().retrieveCheckoutSession(payment.provider_reference);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      amount_total: 450_000,
      currency: "kes",
      client_reference_id: payment.id,
      metadata: { order_id: order.id, payment_id: payment.id },
      payment_intent: null,
    });
    const page = await fetch(payment.redirect_url);
    expect(await page.text()).toContain(`Order ${order.number}`);

    const paid = await payWithCard(payment.redirect_url, "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(
      `${shop.url}/orders/${order.id}?payment_id=${payment.id}&session_id=${payment.provider_reference}`,
    );
    const detail = await eventually(
      () => shop.api("GET", `/api/orders/${order.id}`, { token: buyer?.token }),
      (r) => r.body.status === "paid",
    );
    expect(detail.body.payments[0]).toMatchObject({ id: payment.id, status: "succeeded" });
    expect(detail.body.payments[0].receipt).toMatch(/^pi_/);
    const completed = eventsOf("checkout.session.completed").find(
      (d) => d.event.data.object.id === payment.provider_reference,
    );
    expect(completed).toMatchObject({ delivered: true, attempts: 1 });
    expect(completed?.event).toMatchObject({ object: "event", api_version: expect.any(String), livemode: false });
    expect(completed?.event.id).toMatch(/^evt_/);
  });

  it("keeps the order unpaid and tells the shopper when the card 4000 0000 0000 0002 is declined; another card then pays", async () => {
    const { buyer, order, payment } = await placeStripeOrder({ price: "200.00" });
    const declined = await payWithCard(payment.redirect_url, "4000000000000002");
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    const failed = await eventually(
      () => getPayment(payment.id),
      (p) => p.status === "failed",
    );
    expect(failed.failureReason).toContain("declined");
    expect((await getOrder(order.id)).status).toBe("pending_payment");
    const emails = await shop.modules.notifications.listEmails(shop.ctx, { page: 1, pageSize: 20, to: buyer?.email });
    expect(emails.items.map((e) => e.template)).toContain("payment_failed");

    // Stripe Checkout keeps the page open: a second card succeeds and the money is honoured.
    expect((await payWithCard(payment.redirect_url, "4242424242424242")).status).toBe(303);
    await eventually(
      () => getOrder(order.id),
      (o) => o.status === "paid",
    );
    // The decline no longer describes the payment once the second card paid it.
    expect(await getPayment(payment.id)).toMatchObject({ status: "succeeded", failureReason: null });
  });

  it("fails the attempt when the session expires, and the order stays payable", async () => {
    const { order, payment } = await placeStripeOrder();
    await client().expireCheckoutSession(payment.provider_reference, randomUUID());
    const failed = await eventually(
      () => getPayment(payment.id),
      (p) => p.status === "failed",
    );
    expect(failed.failureReason).toContain("expired");
    expect((await getOrder(order.id)).status).toBe("pending_payment");
    expect((await fetch(payment.redirect_url)).status).toBe(200);
    expect((await payWithCard(payment.redirect_url, "4242424242424242")).status).toBe(200); // expired page
  });

  it("applies a duplicate event once", async () => {
    const { order, payment } = await paidStripeOrder("300.00");
    const completed = eventsOf("checkout.session.completed").find(
      (d) => d.event.data.object.client_reference_id === payment.id,
    );
    if (!completed) throw new Error("no completed event");
    expect(await stripe.resend(completed.event.id)).toBe(200);
    expect(await webhookRow(completed.event.id)).toEqual([{ deliveries: 2, payment_id: payment.id }]);
    const detail = await shop.api("GET", `/api/orders/${order.id}`, { token: admin.token });
    expect(detail.body.history.map((h: { to: string }) => h.to)).toEqual(["pending_payment", "paid"]);
  });

  it("refuses a forged signature, a stale timestamp and a tampered body with 400, changing nothing", async () => {
    const { order, payment } = await placeStripeOrder();
    const body = JSON.stringify({
      id: `evt_forged_${randomUUID()}`,
      object: "event",
      type: "checkout.session.completed",
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: payment.provider_reference,
          object: "checkout.session",
          payment_status: "paid",
          amount_total: 150_000,
          currency: "kes",
          client_reference_id: payment.id,
          payment_intent: "pi_forged",
        },
      },
    });
    const post = (payload: string, signature: string) =>
      fetch(`${shop.url}/api/stripe/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
    const now = Math.floor(Date.now() / 1000);
    const forged = await post(body, stripeSignatureHeader(body, "whsec_not_the_secret", now));
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toContain("No signatures found matching");
    const stale = await post(body, stripeSignatureHeader(body, TEST_STRIPE_WEBHOOK_SECRET, now - 301));
    expect(stale.status).toBe(400);
    expect((await stale.json()).error.message).toContain("Timestamp outside the tolerance zone");
    const tampered = await post(
      body.replace('"amount_total":150000', '"amount_total":1'),
      stripeSignatureHeader(body, TEST_STRIPE_WEBHOOK_SECRET, now),
    );
    expect(tampered.status).toBe(400);
    expect((await post(body, "")).status).toBe(400);
    expect((await getPayment(payment.id)).status).toBe("pending");
    expect((await getOrder(order.id)).status).toBe("pending_payment");
    const stored = await queryRows<{ n: number }>(
      shop.database.db,
      sql`select count(*)::int as n from payments.webhook_events where payment_id = ${payment.id}`,
    );
    expect(stored[0]?.n).toBe(0);
  });

  it("acknowledges event types it does not act on", async () => {
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: "event",
      type: "customer.created",
      data: { object: { id: "cus_1" } },
    });
    const res = await fetch(`${shop.url}/api/stripe/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": stripeSignatureHeader(body, TEST_STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false, handled: "ignored", payment_status: null });
  });

  it("settles from an event signed by the official stripe package's test helper", async () => {
    const { order, payment } = await placeStripeOrder({ price: "750.00" });
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll("-", "")}`,
      object: "event",
      api_version: "2024-06-20",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "checkout.session.completed",
      data: {
        object: {
          id: payment.provider_reference,
          object: "checkout.session",
          status: "complete",
          payment_status: "paid",
          amount_total: 75_000,
          currency: "kes",
          client_reference_id: payment.id,
          metadata: { order_id: order.id, payment_id: payment.id },
          payment_intent: "pi_from_stripe_helper",
        },
      },
    });
    const official = new Stripe("sk_test_unused");
    const header = official.webhooks.generateTestHeaderString({ payload, secret: TEST_STRIPE_WEBHOOK_SECRET });
    // The official verifier agrees with the header it made (and so does Sokoni, below).
    expect(official.webhooks.constructEvent(payload, header, TEST_STRIPE_WEBHOOK_SECRET).id).toBe(
      JSON.parse(payload).id,
    );
    const res = await fetch(`${shop.url}/api/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ handled: "payment", payment_status: "succeeded" });
    expect((await getOrder(order.id)).status).toBe("paid");
  });
});

describe("refunds through Stripe", () => {
  it("refunds part of a paid order through Stripe, then the rest; charge.refunded is recorded once", async () => {
    const { order, payment } = await paidStripeOrder("1000.00");
    const refundPath = `/api/admin/orders/${order.id}/refunds`;
    const partial = await shop.api("POST", refundPath, {
      token: admin.token,
      body: { amount: "250.00", reason: "one item arrived damaged" },
    });
    expect(partial.status).toBe(201);
    expect(partial.body.order.status).toBe("partially_refunded");
    expect(partial.body.refunds).toEqual([
      expect.objectContaining({ payment_id: payment.id, method: "provider", status: "succeeded", amount: "250.00" }),
    ]);
    expect(partial.body.refunds[0].provider_reference).toMatch(/^re_/);

    const tooMuch = await shop.api("POST", refundPath, { token: admin.token, body: { amount: "800.00", reason: "x" } });
    expect(tooMuch.body).toMatchObject({ status: 422, code: "REFUND_EXCEEDS_PAID" });

    const rest = await shop.api("PATCH", `/api/admin/orders/${order.id}/status`, {
      token: admin.token,
      body: { status: "refunded", reason: "customer returned everything" },
    });
    expect(rest.body.status).toBe("refunded");

    const refunds = await shop.modules.payments.listRefunds(shop.ctx, { paymentId: payment.id });
    expect(refunds.map((r) => [r.amountMinor, r.status, r.method])).toEqual([
      [25_000, "succeeded", "provider"],
      [75_000, "succeeded", "provider"],
    ]);
    // Stripe's view agrees: the charge is fully refunded and told us twice.
    const paymentIntent = (await getPayment(payment.id)).receipt;
    const chargeEvents = await eventually(
      async () => eventsOf("charge.refunded").filter((d) => d.event.data.object.payment_intent === paymentIntent),
      (list) => list.length === 2 && list.every((d) => d.delivered),
    );
    expect(chargeEvents.at(-1)?.event.data.object).toMatchObject({ amount_refunded: 100_000, refunded: true });
    expect(await webhookRow(chargeEvents[0]?.event.id ?? "")).toEqual([
      { deliveries: 1, payment_id: expect.any(String) },
    ]);
    // The report of refunds Sokoni made adds no rows.
    expect(await shop.modules.payments.listRefunds(shop.ctx, { paymentId: payment.id })).toHaveLength(2);
  });

  it("records a refund made outside Sokoni (Stripe dashboard) from charge.refunded", async () => {
    const { payment } = await paidStripeOrder("500.00");
    const before = (await getPayment(payment.id)).receipt as string;
    const refund = await client().createRefund({ payment_intent: before, amount: 10_000 }, randomUUID());
    const recorded = await eventually(
      () => shop.modules.payments.listRefunds(shop.ctx, { paymentId: payment.id }),
      (rows) => rows.length === 1,
    );
    expect(recorded[0]).toMatchObject({ providerReference: refund.id, amountMinor: 10_000, status: "succeeded" });
  });

  it("refunds a guest's Stripe order when an admin cancels it; a guest's mock payment still needs a person", async () => {
    const { order } = await paidStripeOrder("400.00", true);
    const cancelled = await shop.api("PATCH", `/api/admin/orders/${order.id}/status`, {
      token: admin.token,
      body: { status: "cancelled" },
    });
    expect(cancelled.body.status).toBe("cancelled");
    const [refund] = await shop.modules.payments.listRefunds(shop.ctx, { orderId: order.id });
    expect(refund).toMatchObject({ amountMinor: 40_000, method: "provider", status: "succeeded" });

    const product = await makeProduct(shop.ctx, shop.modules, { stock: 2 });
    const placed = await shop.api("POST", "/api/orders", {
      headers: { "idempotency-key": randomUUID() },
      body: {
        shipping_address: NAIROBI,
        payment_method: "mock",
        email: "mock-guest@example.test",
        items: [{ product_id: product.id, quantity: 1 }],
      },
    });
    await fetch(`${placed.body.payment.redirect_url}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=pay",
    });
    await eventually(
      () => getOrder(placed.body.order.id),
      (o) => o.status === "paid",
    );
    const refused = await shop.api("PATCH", `/api/admin/orders/${placed.body.order.id}/status`, {
      token: admin.token,
      body: { status: "cancelled" },
    });
    expect(refused.body).toMatchObject({ status: 422, code: "REFUND_NEEDS_ACCOUNT" });
    expect((await getOrder(placed.body.order.id)).status).toBe("paid");
  });

  it("refunds through Stripe a payment that completes after the order expired", async () => {
    const { order, payment } = await placeStripeOrder({ price: "120.00" });
    await shop.modules.checkout.expireOrder(shop.ctx, order.id, new Date(Date.now() + 601_000));
    expect((await payWithCard(payment.redirect_url, "4242424242424242")).status).toBe(303);
    const refunds = await eventually(
      () => shop.modules.payments.listRefunds(shop.ctx, { paymentId: payment.id }),
      (rows) => rows.length === 1,
    );
    expect(refunds[0]).toMatchObject({ amountMinor: 12_000, method: "provider", status: "succeeded" });
    expect((await getOrder(order.id)).status).toBe("cancelled");
  });
});

describe("the Stripe simulator's idempotency", () => {
  it("replays the same key with the same parameters, and refuses it with different ones", async () => {
    const key = randomUUID();
    const params = {
      mode: "payment" as const,
      success_url: "https://shop.example/success",
      cancel_url: "https://shop.example/cart",
      client_reference_id: "ref-1",
      metadata: { order_id: "o-1" },
      line_items: [{ price_data: { currency: "kes", unit_amount: 1000, product_data: { name: "Tea" } }, quantity: 2 }],
    };
    const first = await client().createCheckoutSession(params, key);
    const again = await client().createCheckoutSession(params, key);
    expect(again.id).toBe(first.id);
    expect(first.amount_total).toBe(2000);
    await expect(
      client().createCheckoutSession({ ...params, client_reference_id: "ref-2" }, key),
    ).rejects.toMatchObject({
      status: 400,
      type: "idempotency_error",
    });
    const noAuth = await fetch(`${stripe.url}/v1/checkout/sessions/${first.id}`);
    expect(noAuth.status).toBe(401);
    expect((await noAuth.json()).error.type).toBe("invalid_request_error");
  });
});
