import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp, TEST_MOCK_GATEWAY_SECRET } from "../../../test/mock-gateway.ts";
import { withTx } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { createPaymentsModule, type Payment, signMockPayload } from "./index.ts";

let t: PaymentsTestApp;
beforeAll(async () => {
  t = await createPaymentsTestApp();
});
afterAll(() => t.close());

let seq = 0;
async function makeUser(): Promise<{ id: string; token: string }> {
  seq += 1;
  const tag = `${Date.now().toString(36)}p${seq}`;
  const res = await t.modules.identity.register(t.ctx, {
    username: `pay_${tag}`,
    email: `pay.${tag}@example.com`,
    phoneNumber: "0712345678",
    password: "correct horse battery",
  });
  return { id: res.user.id, token: res.accessToken };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const payments = () => t.modules.payments;
const settledFor = (id: string) => t.settled.filter((e) => e.payment.id === id);

function mockPayment(userId: string | null, amountMinor = 150_000): Promise<Payment> {
  return payments().createPayment(t.ctx, { orderId: newId(), userId, provider: "mock", amountMinor, currency: "KES" });
}

/** Sends a webhook to the API over real HTTP, as the gateway would. */
async function postWebhook(body: string, signature?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== undefined) headers["x-signature"] = signature;
  return fetch(`${t.apiUrl}/api/payments/mock/webhook`, { method: "POST", headers, body });
}

function webhookBody(p: Payment, overrides: Record<string, string> = {}): string {
  return JSON.stringify({ payment_id: p.id, status: "succeeded", amount: "1500.00", currency: "KES", ...overrides });
}

/** Presses Pay or Decline; the gateway answers with a redirect back to the shop (not followed here). */
async function confirmAtGateway(redirectUrl: string, action: "pay" | "decline"): Promise<Response> {
  return fetch(`${redirectUrl}/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });
}

/** The shop page the gateway sends the shopper back to, and what it says there. */
function returnedTo(res: Response): { page: string; params: Record<string, string> } {
  expect(res.status).toBe(303);
  const url = new URL(res.headers.get("location") ?? "");
  return { page: `${url.origin}${url.pathname}`, params: Object.fromEntries(url.searchParams) };
}

async function webhookEventRows(paymentId: string): Promise<{ deliveries: number }[]> {
  const r = await t.database.db.execute(
    sql`select deliveries from payments.webhook_events where payment_id = ${paymentId}`,
  );
  return r.rows as { deliveries: number }[];
}

describe("mock gateway flow over HTTP", () => {
  it("creates, starts, pays at the hosted page and settles by webhook", async () => {
    const u = await makeUser();
    const created = await mockPayment(u.id);
    expect(created).toMatchObject({ status: "pending", redirectUrl: null, provider: "mock", amountMinor: 150_000 });

    const started = await payments().startPayment(t.ctx, created.id);
    expect(started.redirectUrl).toMatch(new RegExp(`^${t.gateway.url}/pay/ms_`));
    expect(started.providerReference).toMatch(/^ms_/);
    expect(started.raw.request).toMatchObject({
      payment_id: created.id,
      amount: "1500.00",
      currency: "KES",
      callback_url: `${t.apiUrl}/api/payments/mock/webhook`,
      return_url: `${t.apiUrl}/orders/${created.orderId}`,
    });
    const again = await payments().startPayment(t.ctx, created.id);
    expect(again.redirectUrl).toBe(started.redirectUrl);

    const page = await fetch(started.redirectUrl ?? "");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(">Pay<");
    expect(html).toContain("Decline");
    expect(html).toContain("KES 1500.00");

    const confirm = await confirmAtGateway(started.redirectUrl ?? "", "pay");
    expect(returnedTo(confirm)).toEqual({
      page: `${t.apiUrl}/orders/${created.orderId}`,
      params: { payment_id: created.id, status: "succeeded" },
    });

    const paid = await payments().getPayment(t.ctx, created.id);
    expect(paid).toMatchObject({ status: "succeeded", receipt: started.providerReference, failureReason: null });
    expect(paid.settledAt).toBeInstanceOf(Date);
    expect(paid.raw.callbacks).toEqual([
      { payment_id: created.id, status: "succeeded", amount: "1500.00", currency: "KES" },
    ]);
    expect(settledFor(created.id).map((e) => e.status)).toEqual(["succeeded"]);
    expect(settledFor(created.id)[0]?.payment.status).toBe("succeeded");

    // Pressing the button again changes nothing and sends nothing new.
    const decline = await confirmAtGateway(started.redirectUrl ?? "", "decline");
    expect(returnedTo(decline).params.status).toBe("succeeded");
    expect((await payments().getPayment(t.ctx, created.id)).status).toBe("succeeded");
    expect(settledFor(created.id)).toHaveLength(1);
  });

  it("turns a decline into a failed payment and tells onSettled", async () => {
    const p = await payments().startPayment(t.ctx, (await mockPayment(null)).id);
    const res = await confirmAtGateway(p.redirectUrl ?? "", "decline");
    expect(returnedTo(res).params).toEqual({ payment_id: p.id, status: "failed" });
    const failed = await payments().getPayment(t.ctx, p.id);
    expect(failed).toMatchObject({ status: "failed", failureReason: expect.stringContaining("Declined") });
    expect(settledFor(p.id).map((e) => e.status)).toEqual(["failed"]);
  });

  it("answers 502 PAYMENT_GATEWAY_ERROR when the gateway is down and leaves the payment startable", async () => {
    const offline = createPaymentsModule({
      wallet: t.modules.wallet,
      config: { publicUrl: t.apiUrl, mockGateway: { url: "http://127.0.0.1:1", secret: TEST_MOCK_GATEWAY_SECRET } },
      onSettled: async () => {},
    });
    const p = await offline.createPayment(t.ctx, {
      orderId: newId(),
      userId: null,
      provider: "mock",
      amountMinor: 100,
      currency: "KES",
    });
    await expect(offline.startPayment(t.ctx, p.id)).rejects.toMatchObject({
      status: 502,
      code: "PAYMENT_GATEWAY_ERROR",
    });
    expect(await payments().getPayment(t.ctx, p.id)).toMatchObject({ status: "pending", redirectUrl: null });
    expect((await payments().startPayment(t.ctx, p.id)).redirectUrl).toMatch(/\/pay\//);
  });
});

describe("mock webhook", () => {
  it("refuses a forged or missing signature with 401 and changes nothing", async () => {
    const p = await mockPayment(null);
    const body = webhookBody(p);
    for (const signature of [undefined, "", "deadbeef", signMockPayload(body, "the-wrong-secret-0123456789")]) {
      const res = await postWebhook(body, signature);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 401, code: "INVALID_SIGNATURE" });
    }
    // Signed for other bytes than the ones sent.
    const tampered = await postWebhook(
      webhookBody(p, { amount: "1.00" }),
      signMockPayload(body, TEST_MOCK_GATEWAY_SECRET),
    );
    expect(tampered.status).toBe(401);
    const after = await payments().getPayment(t.ctx, p.id);
    expect(after).toMatchObject({ status: "pending", raw: {} });
    expect(await webhookEventRows(p.id)).toEqual([]);
    expect(settledFor(p.id)).toEqual([]);
  });

  it("settles a duplicate delivery once", async () => {
    const p = await mockPayment(null);
    const body = webhookBody(p);
    const sig = signMockPayload(body, TEST_MOCK_GATEWAY_SECRET);
    const first = await postWebhook(body, sig);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false, payment_status: "succeeded" });
    const updatedAt = (await payments().getPayment(t.ctx, p.id)).updatedAt;
    const second = await postWebhook(body, sig);
    expect(await second.json()).toEqual({ received: true, duplicate: true, payment_status: "succeeded" });
    const after = await payments().getPayment(t.ctx, p.id);
    expect(after.updatedAt).toEqual(updatedAt);
    expect(after.raw.callbacks).toHaveLength(1);
    expect(settledFor(p.id)).toHaveLength(1);
    expect(await webhookEventRows(p.id)).toEqual([{ deliveries: 2 }]);
  });

  // On PostgreSQL: 10 connections racing for the payment row lock.
  it("settles 10 parallel deliveries of one callback once", async () => {
    const p = await mockPayment(null);
    const body = webhookBody(p);
    const sig = signMockPayload(body, TEST_MOCK_GATEWAY_SECRET);
    const responses = await Promise.all(Array.from({ length: 10 }, () => postWebhook(body, sig)));
    const acks = await Promise.all(responses.map((r) => r.json() as Promise<{ duplicate: boolean }>));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(acks.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(settledFor(p.id)).toHaveLength(1);
    expect(await webhookEventRows(p.id)).toEqual([{ deliveries: 10 }]);
    expect((await payments().getPayment(t.ctx, p.id)).raw.callbacks).toHaveLength(1);
  });

  it.each([
    ["amount", { amount: "1499.00" }, /Amount mismatch/],
    ["currency", { currency: "USD" }, /Currency mismatch/],
    ["unreadable amount", { amount: "1500.001" }, /Amount mismatch/],
  ])("flags a payment on a %s mismatch and never tells onSettled it succeeded", async (_name, overrides, reason) => {
    const p = await mockPayment(null);
    const body = webhookBody(p, overrides);
    const res = await postWebhook(body, signMockPayload(body, TEST_MOCK_GATEWAY_SECRET));
    expect(await res.json()).toMatchObject({ payment_status: "flagged" });
    const flagged = await payments().getPayment(t.ctx, p.id);
    expect(flagged.status).toBe("flagged");
    expect(flagged.failureReason).toMatch(reason);
    expect(settledFor(p.id)).toEqual([]);
    // A later correct callback does not un-flag it.
    const good = webhookBody(p);
    await postWebhook(good, signMockPayload(good, TEST_MOCK_GATEWAY_SECRET));
    expect((await payments().getPayment(t.ctx, p.id)).status).toBe("flagged");
    expect(settledFor(p.id)).toEqual([]);
  });

  it("never changes a settled payment, but keeps the later callback", async () => {
    const p = await mockPayment(null);
    const ok = webhookBody(p);
    await postWebhook(ok, signMockPayload(ok, TEST_MOCK_GATEWAY_SECRET));
    const failed = webhookBody(p, { status: "failed" });
    const res = await postWebhook(failed, signMockPayload(failed, TEST_MOCK_GATEWAY_SECRET));
    expect(await res.json()).toMatchObject({ duplicate: false, payment_status: "succeeded" });
    const after = await payments().getPayment(t.ctx, p.id);
    expect(after.status).toBe("succeeded");
    expect(after.raw.callbacks).toHaveLength(2);
    expect(settledFor(p.id).map((e) => e.status)).toEqual(["succeeded"]);
  });

  it("answers 404 for an unknown payment and 400 for a signed body that is not an event", async () => {
    const unknown = JSON.stringify({ payment_id: newId(), status: "succeeded", amount: "1.00", currency: "KES" });
    const res = await postWebhook(unknown, signMockPayload(unknown, TEST_MOCK_GATEWAY_SECRET));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "PAYMENT_NOT_FOUND" });
    for (const bad of ["not json", JSON.stringify({ payment_id: "x", status: "maybe" })]) {
      const r = await postWebhook(bad, signMockPayload(bad, TEST_MOCK_GATEWAY_SECRET));
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ code: "INVALID_WEBHOOK" });
    }
  });

  it("settles a success that arrives after cancellation (onSettled decides) and leaves a late failure cancelled", async () => {
    const p = await mockPayment(null);
    const cancelled = await payments().cancelPendingPayments(t.ctx, p.orderId);
    expect(cancelled.map((c) => c.status)).toEqual(["cancelled"]);
    expect(await payments().cancelPendingPayments(t.ctx, p.orderId)).toEqual([]);
    const body = webhookBody(p);
    await postWebhook(body, signMockPayload(body, TEST_MOCK_GATEWAY_SECRET));
    const late = await payments().getPayment(t.ctx, p.id);
    expect(late.status).toBe("succeeded");
    expect(settledFor(p.id).map((e) => e.status)).toEqual(["succeeded"]);

    const q = await mockPayment(null);
    await payments().cancelPendingPayments(t.ctx, q.orderId);
    const failed = webhookBody(q, { status: "failed" });
    await postWebhook(failed, signMockPayload(failed, TEST_MOCK_GATEWAY_SECRET));
    expect((await payments().getPayment(t.ctx, q.id)).status).toBe("cancelled");
    expect(settledFor(q.id)).toEqual([]);
  });
});

describe("wallet provider", () => {
  it("pays inline inside the caller's transaction and tells onSettled there", async () => {
    const u = await makeUser();
    await t.modules.wallet.credit(t.ctx, { userId: u.id, amountMinor: 200_000, reason: "top-up" });
    const orderId = newId();
    const paid = await withTx(t.ctx, (tx) =>
      payments().createPayment(tx, {
        orderId,
        userId: u.id,
        provider: "wallet",
        amountMinor: 150_000,
        currency: "KES",
      }),
    );
    expect(paid).toMatchObject({ status: "succeeded", provider: "wallet" });
    expect(paid.settledAt).toBeInstanceOf(Date);
    const [entry] = (await t.modules.wallet.listEntries(t.ctx, u.id, { page: 1, pageSize: 1 })).items;
    expect(entry).toMatchObject({ amountMinor: -150_000, kind: "payment", reference: paid.id });
    expect(paid.receipt).toBe(entry?.id);
    expect((await t.modules.wallet.getBalance(t.ctx, u.id)).balanceMinor).toBe(50_000);
    expect(settledFor(paid.id).map((e) => e.status)).toEqual(["succeeded"]);
    // startPayment has nothing to do for an inline provider.
    expect((await payments().startPayment(t.ctx, paid.id)).redirectUrl).toBeNull();
  });

  it("refuses with 422 INSUFFICIENT_FUNDS and the whole transaction rolls back", async () => {
    const u = await makeUser();
    await t.modules.wallet.credit(t.ctx, { userId: u.id, amountMinor: 1000, reason: "top-up" });
    const orderId = newId();
    await expect(
      withTx(t.ctx, (tx) =>
        payments().createPayment(tx, { orderId, userId: u.id, provider: "wallet", amountMinor: 1001, currency: "KES" }),
      ),
    ).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS", status: 422 });
    expect(await payments().listPaymentsForOrder(t.ctx, orderId)).toEqual([]);
    expect((await t.modules.wallet.getBalance(t.ctx, u.id)).balanceMinor).toBe(1000);
  });

  it("needs a signed-in shopper and the store currency", async () => {
    await expect(
      payments().createPayment(t.ctx, {
        orderId: newId(),
        userId: null,
        provider: "wallet",
        amountMinor: 1,
        currency: "KES",
      }),
    ).rejects.toMatchObject({ code: "WALLET_PAYMENT_NEEDS_ACCOUNT", status: 422 });
    const u = await makeUser();
    await expect(
      payments().createPayment(t.ctx, {
        orderId: newId(),
        userId: u.id,
        provider: "wallet",
        amountMinor: 1,
        currency: "USD",
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_PROVIDER_UNAVAILABLE", status: 422 });
  });

  it("refuses providers that are not available yet and empty amounts", async () => {
    await expect(
      payments().createPayment(t.ctx, {
        orderId: newId(),
        userId: null,
        provider: "stripe",
        amountMinor: 1,
        currency: "KES",
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_PROVIDER_UNAVAILABLE", status: 422 });
    await expect(
      payments().createPayment(t.ctx, {
        orderId: newId(),
        userId: null,
        provider: "mock",
        amountMinor: 0,
        currency: "KES",
      }),
    ).rejects.toMatchObject({ code: "INVALID_AMOUNT", status: 400 });
  });
});

describe("GET /api/transactions", () => {
  it("shows customers their own payments and admins everyone's, with filters", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const pa = await mockPayment(a.id);
    await t.modules.wallet.credit(t.ctx, { userId: a.id, amountMinor: 500, reason: "x" });
    const pw = await payments().createPayment(t.ctx, {
      orderId: newId(),
      userId: a.id,
      provider: "wallet",
      amountMinor: 500,
      currency: "KES",
    });
    const pb = await mockPayment(b.id);

    expect((await t.app.inject({ method: "GET", url: "/api/transactions" })).statusCode).toBe(401);

    const mine = await t.app.inject({ method: "GET", url: "/api/transactions", headers: bearer(a.token) });
    expect(mine.statusCode).toBe(200);
    const body = mine.json();
    expect(body).toMatchObject({ page: 1, page_size: 20, total: 2 });
    expect(body.items.map((x: { id: string }) => x.id)).toEqual([pw.id, pa.id]); // newest first
    expect(body.items[1]).toEqual({
      id: pa.id,
      order_id: pa.orderId,
      provider: "mock",
      status: "pending",
      amount: "1500.00",
      currency: "KES",
      phone_number: null,
      provider_reference: null,
      receipt: null,
      redirect_url: null,
      failure_reason: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });

    const filtered = await t.app.inject({
      method: "GET",
      url: "/api/transactions?status=succeeded&provider=wallet",
      headers: bearer(a.token),
    });
    expect(filtered.json().items.map((x: { id: string }) => x.id)).toEqual([pw.id]);

    const theirs = await t.app.inject({
      method: "GET",
      url: "/api/transactions?page_size=100",
      headers: bearer(b.token),
    });
    expect(theirs.json().items.map((x: { id: string }) => x.id)).toEqual([pb.id]);

    const admin = bearer(await t.modules.tokens.sign({ userId: newId(), role: "admin" }));
    const all = await t.app.inject({ method: "GET", url: "/api/transactions?page_size=100", headers: admin });
    const ids = all.json().items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([pa.id, pw.id, pb.id]));
    expect(all.json().total).toBeGreaterThan(3);
    const adminFiltered = await t.app.inject({
      method: "GET",
      url: "/api/transactions?provider=wallet&page_size=100",
      headers: admin,
    });
    expect(adminFiltered.json().items.every((x: { provider: string }) => x.provider === "wallet")).toBe(true);

    const bad = await t.app.inject({ method: "GET", url: "/api/transactions?status=paid", headers: admin });
    expect(bad.statusCode).toBe(400);
  });
});

describe("OpenAPI", () => {
  it("documents the payments and wallet routes", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/transactions",
        "/api/payments/mock/webhook",
        "/api/wallet",
        "/api/admin/wallets/{user_id}/credits",
      ]),
    );
    expect(doc.paths["/api/transactions"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["status", "provider", "page", "page_size"]),
    );
  });
});
