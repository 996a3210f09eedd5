import { randomUUID } from "node:crypto";
import { type Daraja, startDaraja } from "@sokoni/sandbox/daraja";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { queryRows } from "../../apps/api/src/platform/db.ts";
import { jobDefinitions } from "../../apps/api/src/worker.ts";
import { eventually, NAIROBI, type Shop, signUp, startShop } from "./shop.ts";

// Checkout → STK Push → Daraja simulator → callback (or STK Query) → order, over real HTTP.
let shop: Shop;
let daraja: Daraja;
const SECRET = "flow-test-callback-secret-0123";

beforeAll(async () => {
  daraja = await startDaraja({ callbackDelayMs: 150 });
  shop = await startShop({
    ORDER_PAYMENT_TIMEOUT: "600",
    MPESA_BASE_URL: daraja.url,
    MPESA_CALLBACK_SECRET: SECRET,
    MPESA_RECONCILE_AFTER: "0",
  });
  await shop.modules.catalog.ensureDefaultFxRates(shop.ctx);
});
let darajaClosed = false;
afterAll(async () => {
  // The simulator first: a callback connection it keeps open to the API would hold its close.
  if (!darajaClosed) await daraja?.close();
  await shop?.close();
});

const hook = (secret = SECRET) => `/api/payhooks/${secret}`;
const orderOf = (token: string, id: string) => shop.api("GET", `/api/orders/${id}`, { token });
const paymentRow = async (id: string) =>
  (
    await queryRows<{
      status: string;
      receipt: string | null;
      failure_reason: string | null;
      raw: { callbacks?: unknown[] };
    }>(shop.database.db, sql`select status, receipt, failure_reason, raw from payments.payments where id = ${id}`)
  )[0];
const deliveries = async (key: string) =>
  (
    await queryRows<{ deliveries: number }>(
      shop.database.db,
      sql`select deliveries from payments.webhook_events where provider = 'mpesa' and event_key = ${key}`,
    )
  )[0]?.deliveries ?? 0;

async function placeMpesaOrder(phone: string, price = "1499.50") {
  const buyer = await signUp(shop);
  const product = await makeProduct(shop.ctx, shop.modules, { price, stock: 10 });
  const res = await shop.api("POST", "/api/orders", {
    token: buyer.token,
    headers: { "idempotency-key": randomUUID() },
    body: {
      items: [{ product_id: product.id, quantity: 1 }],
      shipping_address: NAIROBI,
      payment_method: "mpesa",
      phone_number: phone,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { buyer, order: res.body.order, payment: res.body.payment, product };
}

const reconcile = async () => {
  const job = jobDefinitions(shop.modules, shop.database, shop.ctx.log).find(
    (j) => j.name === "payments.reconcileMpesa",
  );
  if (!job) throw new Error("payments.reconcileMpesa is not wired in worker.ts");
  await job.handler({}, undefined as never);
};

describe("M-Pesa STK Push through the Daraja simulator", () => {
  it("pushes the whole-shilling total, takes the callback and pays the order with the receipt", async () => {
    const { buyer, order, payment } = await placeMpesaOrder("0712 345 678");
    // The payment records what M-Pesa will take: the order's 1499.50 rounded up to whole shillings.
    expect(order.total).toBe("1499.50");
    expect(payment).toMatchObject({ provider: "mpesa", status: "pending", amount: "1500.00" });
    expect(payment.provider_reference).toMatch(/^ws_CO_/);
    const tx = daraja.transactions.get(payment.provider_reference);
    // 1499.50 is asked as 1500: rounded up, never down; AccountReference is the order number.
    expect(tx).toMatchObject({ amount: 1500, phone: "254712345678", accountReference: order.number.replace("-", "") });
    expect(tx?.callbackUrl).toBe(`${shop.url}${hook()}`);

    const paid = await eventually(
      () => orderOf(buyer.token, order.id),
      (r) => r.body.status === "paid",
    );
    expect(paid.body.payments).toEqual([
      expect.objectContaining({ id: payment.id, status: "succeeded", receipt: tx?.receipt }),
    ]);
    expect(tx?.callback).toMatchObject({ status: 200, body: expect.anything() });
    const row = await paymentRow(payment.id);
    expect(row?.raw.callbacks).toHaveLength(1);
    expect(JSON.stringify(row?.raw)).not.toContain(SECRET);
    const list = await shop.api("GET", "/api/transactions?provider=mpesa", { token: buyer.token });
    expect(list.body.items).toEqual([expect.objectContaining({ id: payment.id, receipt: tx?.receipt })]);
  });

  it.each([
    ["0700001032", /cancelled/i],
    ["0700001037", /could not be reached|timed out/i],
    ["0700002001", /PIN/],
    ["0700000001", /not enough money/i],
  ])(
    "records a failure for %s in plain words and lets the shopper retry with another number",
    async (phone, reason) => {
      const { buyer, order, payment } = await placeMpesaOrder(phone);
      const failed = await eventually(
        () => orderOf(buyer.token, order.id),
        (r) => r.body.payments[0]?.status === "failed",
      );
      expect(failed.body.status).toBe("pending_payment");
      expect(failed.body.payments[0].failure_reason).toMatch(reason);
      expect(failed.body.payments[0].id).toBe(payment.id);

      const retry = await shop.api("POST", "/api/mpesa/stkpush", {
        token: buyer.token,
        body: { order_id: order.id, phone_number: "+254712345678" },
      });
      expect(retry.status, JSON.stringify(retry.body)).toBe(200);
      expect(retry.body.checkout_request_id).toMatch(/^ws_CO_/);
      expect(retry.body.merchant_request_id).toBe(
        daraja.transactions.get(retry.body.checkout_request_id)?.merchantRequestId,
      );
      expect(retry.body.customer_message).toMatch(/accepted/i);
      await eventually(
        () => orderOf(buyer.token, order.id),
        (r) => r.body.status === "paid",
      );
    },
  );

  it("refuses a number M-Pesa cannot prompt at checkout, and writes nothing", async () => {
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "100.00", stock: 3 });
    const res = await shop.api("POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": randomUUID() },
      body: {
        items: [{ product_id: product.id, quantity: 1 }],
        shipping_address: NAIROBI,
        payment_method: "mpesa",
        phone_number: "0212345678",
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("INVALID_PHONE_NUMBER");
    expect((await shop.api("GET", "/api/orders", { token: buyer.token })).body.total).toBe(0);
    expect((await shop.modules.catalog.getProduct(shop.ctx, product.id)).stock).toBe(3);
  });

  it("recovers a lost callback (phone ending 9999) by the reconciliation job's STK Query", async () => {
    const { buyer, order, payment } = await placeMpesaOrder("0711119999");
    await daraja.settle();
    expect(daraja.transactions.get(payment.provider_reference)?.callback).toBeNull();
    expect((await orderOf(buyer.token, order.id)).body.status).toBe("pending_payment");
    await reconcile();
    const paid = await orderOf(buyer.token, order.id);
    expect(paid.body.status).toBe("paid");
    expect(paid.body.payments[0]).toMatchObject({ status: "succeeded" });
    // A second run finds nothing pending and changes nothing.
    await reconcile();
    expect((await paymentRow(payment.id))?.status).toBe("succeeded");
  });

  it("acknowledges a duplicate callback and changes nothing", async () => {
    const { buyer, order, payment } = await placeMpesaOrder("0722000111");
    await eventually(
      () => orderOf(buyer.token, order.id),
      (r) => r.body.status === "paid",
    );
    const tx = daraja.transactions.get(payment.provider_reference);
    const again = await shop.api("POST", hook(), { body: tx?.callback?.body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    expect(await deliveries(`stk:${payment.provider_reference}`)).toBe(2);
    const row = await paymentRow(payment.id);
    expect(row?.status).toBe("succeeded");
    expect(row?.raw.callbacks).toHaveLength(1);
    // The same handler answers under /api/mpesa/callback/<secret> too.
    const legacy = await shop.api("POST", `/api/mpesa/callback/${SECRET}`, { body: tx?.callback?.body });
    expect(legacy.body).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    expect(await deliveries(`stk:${payment.provider_reference}`)).toBe(3);
  });

  it("answers 404 for a wrong secret and acknowledges an unknown CheckoutRequestID without changing anything", async () => {
    const forged = {
      Body: {
        stkCallback: {
          MerchantRequestID: "1-2-3",
          CheckoutRequestID: "ws_CO_000000000000000254712345678",
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          CallbackMetadata: { Item: [{ Name: "Amount", Value: 1 }] },
        },
      },
    };
    const wrong = await shop.api("POST", hook("not-the-secret-at-all-xx"), { body: forged });
    expect(wrong.status).toBe(404);
    const unknown = await shop.api("POST", hook(), { body: forged });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    expect(await deliveries("stk:ws_CO_000000000000000254712345678")).toBe(0);
  });

  it("never pays an order from a callback with the wrong amount (the payment is flagged)", async () => {
    // 9999: Daraja sends no callback, so the forged one is the only one.
    const { buyer, order, payment } = await placeMpesaOrder("0733339999");
    await daraja.settle();
    const tx = daraja.transactions.get(payment.provider_reference);
    const forged = {
      Body: {
        stkCallback: {
          MerchantRequestID: tx?.merchantRequestId,
          CheckoutRequestID: payment.provider_reference,
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          CallbackMetadata: {
            Item: [
              { Name: "Amount", Value: 1.0 },
              { Name: "MpesaReceiptNumber", Value: "FORGED0001" },
              { Name: "PhoneNumber", Value: 254733339999 },
            ],
          },
        },
      },
    };
    const res = await shop.api("POST", hook(), { body: forged });
    expect(res.body).toEqual({ ResultCode: 0, ResultDesc: "Accepted" });
    const row = await paymentRow(payment.id);
    expect(row?.status).toBe("flagged");
    expect(row?.failure_reason).toMatch(/Amount mismatch/);
    expect((await orderOf(buyer.token, order.id)).body.status).toBe("pending_payment");
  });

  it("refunds to the wallet a payment M-Pesa confirms after the order expired", async () => {
    // 499.50 is charged as 500: the refund gives back all 500 that M-Pesa took.
    const { buyer, order, payment } = await placeMpesaOrder("0744449999", "499.50");
    await daraja.settle();
    const tx = daraja.transactions.get(payment.provider_reference);
    await queryRows(
      shop.database.db,
      sql`update orders.orders set expires_at = now() - interval '1 second' where id = ${order.id}`,
    );
    expect(await shop.modules.checkout.expireOrder(shop.ctx, order.id)).toBe("expired");
    // Reconciliation no longer asks about the cancelled attempt ...
    await reconcile();
    expect((await paymentRow(payment.id))?.status).toBe("cancelled");
    // ... but Daraja's (late) callback still arrives: the money is given back, never lost.
    const late = {
      Body: {
        stkCallback: {
          MerchantRequestID: tx?.merchantRequestId,
          CheckoutRequestID: payment.provider_reference,
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          CallbackMetadata: {
            Item: [
              { Name: "Amount", Value: 500 },
              { Name: "MpesaReceiptNumber", Value: tx?.receipt },
              { Name: "TransactionDate", Value: 20240101120105 },
              { Name: "PhoneNumber", Value: 254744449999 },
            ],
          },
        },
      },
    };
    expect((await shop.api("POST", hook(), { body: late })).status).toBe(200);
    const after = await orderOf(buyer.token, order.id);
    expect(after.body.status).toBe("cancelled");
    expect((await paymentRow(payment.id))?.status).toBe("succeeded");
    expect((await shop.modules.wallet.getBalance(shop.ctx, buyer.id)).balanceMinor).toBe(50_000);
  });
});

describe("M-Pesa paybill (C2B) with the order number as account", () => {
  async function simulateC2b(billRef: string, amount: number) {
    const basic = Buffer.from("sokoni-dev-daraja-consumer-key:sokoni-dev-daraja-consumer-secret").toString("base64");
    const token = (await (
      await fetch(`${daraja.url}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { authorization: `Basic ${basic}` },
      })
    ).json()) as { access_token: string };
    const res = await fetch(`${daraja.url}/mpesa/c2b/v1/simulate`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({
        ShortCode: "174379",
        CommandID: "CustomerPayBillOnline",
        Amount: amount,
        Msisdn: "254708374149",
        BillRefNumber: billRef,
      }),
    });
    expect(res.status).toBe(200);
    await daraja.settle();
    return daraja.c2bPayments[daraja.c2bPayments.length - 1];
  }

  it("validates the account and amount, then pays the order on confirmation (once)", async () => {
    await shop.modules.mpesa.registerC2bUrls();
    expect(daraja.c2bUrls.get("174379")?.confirmationUrl).toBe(`${shop.url}${hook()}/c2b/confirmation`);
    const { buyer, order } = await placeMpesaOrder("0755559999", "1200.40");

    const short = await simulateC2b(order.number, 1200);
    expect(short?.outcome).toBe("rejected");
    expect(short?.validation?.body).toEqual({ ResultCode: "C2B00013", ResultDesc: "Rejected" });
    const unknown = await simulateC2b("SK-1", 1201);
    expect(unknown?.validation?.body).toEqual({ ResultCode: "C2B00012", ResultDesc: "Rejected" });
    expect((await orderOf(buyer.token, order.id)).body.status).toBe("pending_payment");

    const paid = await simulateC2b(order.number.replace("-", "").toLowerCase(), 1201);
    expect(paid?.outcome).toBe("completed");
    expect(paid?.confirmation?.body).toEqual({ ResultCode: 0, ResultDesc: "Success" });
    const after = await orderOf(buyer.token, order.id);
    expect(after.body.status).toBe("paid");
    const c2bPayment = after.body.payments.find(
      (p: { provider_reference: string }) => p.provider_reference === paid?.transId,
    );
    expect(c2bPayment).toMatchObject({ provider: "mpesa", status: "succeeded", receipt: paid?.transId });
    // The STK attempt still open is cancelled by the paid order.
    expect(after.body.payments.filter((p: { status: string }) => p.status === "pending")).toEqual([]);

    // Daraja repeating the confirmation changes nothing.
    const repeat = await shop.api("POST", `${hook()}/c2b/confirmation`, {
      body: {
        TransID: paid?.transId,
        TransAmount: "1201.00",
        BusinessShortCode: "174379",
        BillRefNumber: order.number,
      },
    });
    expect(repeat.body).toEqual({ ResultCode: 0, ResultDesc: "Success" });
    expect(await deliveries(`c2b:${paid?.transId}`)).toBe(2);
    const final = await orderOf(buyer.token, order.id);
    expect(final.body.payments.filter((p: { status: string }) => p.status === "succeeded")).toHaveLength(1);
  });
});

// Last in this file: it stops the simulator.
describe("when Daraja cannot be reached", () => {
  it("keeps the order and tells the shopper M-Pesa is unavailable (its own code, not a generic one)", async () => {
    await daraja.close();
    darajaClosed = true;
    const buyer = await signUp(shop);
    const product = await makeProduct(shop.ctx, shop.modules, { price: "100.00", stock: 4 });
    const key = randomUUID();
    const place = () =>
      shop.api("POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": key },
        body: {
          items: [{ product_id: product.id, quantity: 1 }],
          shipping_address: NAIROBI,
          payment_method: "mpesa",
          phone_number: "0712345678",
        },
      });
    const res = await place();
    expect(res.status).toBe(502);
    expect(res.body.code).toBe("MPESA_UNAVAILABLE");
    const orders = await shop.api("GET", "/api/orders", { token: buyer.token });
    expect(orders.body.items).toHaveLength(1);
    expect(orders.body.items[0].status).toBe("pending_payment");
    // A retry with the same key replays the order (no second one) and tries the push again.
    expect((await place()).body.code).toBe("MPESA_UNAVAILABLE");
    expect((await shop.api("GET", "/api/orders", { token: buyer.token })).body.total).toBe(1);
  });
});
