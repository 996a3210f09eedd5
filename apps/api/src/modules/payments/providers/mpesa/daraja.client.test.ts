import { type Daraja, startDaraja } from "@sokoni/sandbox/daraja";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDarajaClient, DarajaError, toShopperError } from "./daraja.client.ts";
import { darajaTimestamp, SANDBOX_PASSKEY, stkPassword } from "./daraja.rules.ts";

let daraja: Daraja;
beforeAll(async () => {
  daraja = await startDaraja({ consumerKey: "k", consumerSecret: "s", callbackDelayMs: 10, tokenTtlSeconds: 1 });
});
afterAll(async () => {
  await daraja?.close();
});

const push = (phone: string, overrides: Record<string, unknown> = {}) => {
  const ts = darajaTimestamp();
  return {
    BusinessShortCode: "174379",
    Password: stkPassword("174379", SANDBOX_PASSKEY, ts),
    Timestamp: ts,
    TransactionType: "CustomerPayBillOnline" as const,
    Amount: 10,
    PartyA: phone,
    PartyB: "174379",
    PhoneNumber: phone,
    CallBackURL: "http://127.0.0.1:9/hooks",
    AccountReference: "SK100001",
    TransactionDesc: "Order 100001",
    ...overrides,
  };
};

describe("Daraja client against the simulator", () => {
  it("fetches one token for many parallel callers and reuses it", async () => {
    const client = createDarajaClient({
      baseUrl: daraja.url,
      consumerKey: "k",
      consumerSecret: "s",
      refreshMarginMs: 0,
    });
    const before = daraja.tokensIssued();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => client.accessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(await client.accessToken()).toBe(tokens[0]);
    expect(daraja.tokensIssued() - before).toBe(1);
  });

  it("refreshes a token Daraja calls invalid and retries the call once", async () => {
    // The client's clock stands still, so only Daraja's 404.001.03 tells it the token expired.
    const client = createDarajaClient({ baseUrl: daraja.url, consumerKey: "k", consumerSecret: "s", now: () => 0 });
    await client.accessToken();
    await new Promise((r) => setTimeout(r, 1100));
    const before = daraja.tokensIssued();
    const res = await client.stkPush(push("254708374149"));
    expect(res.CheckoutRequestID).toMatch(/^ws_CO_/);
    expect(daraja.tokensIssued() - before).toBe(1);
  });

  it("turns Daraja's error envelope into a problem the shopper can act on, without retrying a refused push", async () => {
    const client = createDarajaClient({ baseUrl: daraja.url, consumerKey: "k", consumerSecret: "s" });
    const count = daraja.transactions.size;
    const err = await client.stkPush(push("0708374149")).catch((e) => e);
    expect(err).toBeInstanceOf(DarajaError);
    expect(err).toMatchObject({ status: 400, errorCode: "400.002.02" });
    expect(toShopperError(err)).toMatchObject({ status: 422, code: "MPESA_REQUEST_REFUSED" });
    expect(daraja.transactions.size).toBe(count);
    const wrongPassword = await client.stkPush(push("254708374149", { Password: "eA==" })).catch((e) => e);
    expect(toShopperError(wrongPassword)).toMatchObject({ status: 502, code: "MPESA_UNAVAILABLE" });
  });

  it("retries network failures with backoff, then gives up with a 502", async () => {
    const client = createDarajaClient({
      baseUrl: "http://127.0.0.1:9",
      consumerKey: "k",
      consumerSecret: "s",
      retryDelaysMs: [5, 5],
    });
    const err = await client.accessToken().catch((e) => e);
    expect(err).toMatchObject({ status: 0 });
    expect(toShopperError(err)).toMatchObject({ status: 502, code: "MPESA_UNAVAILABLE" });
  });

  it("reports a push still being processed as pending, and its final result after", async () => {
    const client = createDarajaClient({ baseUrl: daraja.url, consumerKey: "k", consumerSecret: "s" });
    const slow = await startDaraja({ consumerKey: "k", consumerSecret: "s", callbackDelayMs: 300 });
    try {
      const c = createDarajaClient({ baseUrl: slow.url, consumerKey: "k", consumerSecret: "s" });
      const res = await c.stkPush(push("254708371032"));
      const ts = darajaTimestamp();
      const q = { BusinessShortCode: "174379", Password: stkPassword("174379", SANDBOX_PASSKEY, ts), Timestamp: ts };
      expect(await c.stkQuery({ ...q, CheckoutRequestID: res.CheckoutRequestID })).toMatchObject({ state: "pending" });
      await slow.settle();
      expect(await c.stkQuery({ ...q, CheckoutRequestID: res.CheckoutRequestID })).toMatchObject({
        state: "final",
        resultCode: 1032,
      });
      expect(await client.stkQuery({ ...q, CheckoutRequestID: "ws_CO_unknown" })).toMatchObject({ state: "unknown" });
    } finally {
      await slow.close();
    }
  });
});
