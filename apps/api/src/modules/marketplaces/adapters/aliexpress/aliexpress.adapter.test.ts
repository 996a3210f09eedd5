import {
  ALIEXPRESS_CATEGORIES,
  ALIEXPRESS_DEV_APP_KEY,
  ALIEXPRESS_DEV_APP_SECRET,
  ALIEXPRESS_DEV_TRACKING_ID,
  type AliExpressSimulator,
  aliexpressSign,
  startAliExpress,
} from "@sokoni/sandbox/aliexpress";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../platform/log.ts";
import type { AdapterCtx, MarketplaceAdapter } from "../adapter.ts";
import { type AdapterMarketplace, createAdapter } from "../index.ts";
import { signAliExpress } from "./aliexpress.adapter.ts";

let sim: AliExpressSimulator;
const ctx: AdapterCtx = { requestId: "test", log: createLogger("silent") };
const open = () => new AbortController().signal;

beforeAll(async () => {
  sim = await startAliExpress({ mode: { latencyMs: 0 } });
});
afterEach(() => {
  sim.resetMode();
  sim.setMode({ latencyMs: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const row = (over: Partial<AdapterMarketplace> = {}): AdapterMarketplace => ({
  code: "aliexpress",
  kind: "aliexpress",
  currency: "USD",
  apiBaseUrl: sim.url,
  adapterConfig: {
    tracking_id: ALIEXPRESS_DEV_TRACKING_ID,
    category_map: { phone: String(ALIEXPRESS_CATEGORIES.phone.second[0]) },
  },
  rateLimitPerMin: null,
  ...over,
});
const adapter = (
  credentials: Record<string, string> = {},
  over: Partial<AdapterMarketplace> = {},
): MarketplaceAdapter =>
  createAdapter(row(over), {
    credentials: { app_key: ALIEXPRESS_DEV_APP_KEY, app_secret: ALIEXPRESS_DEV_APP_SECRET, ...credentials },
  });

describe("AliExpress affiliate adapter against the simulator", () => {
  it("signs as the gateway does: uppercase hex HMAC-SHA256 over the sorted k1v1k2v2…", () => {
    const params = { method: "m", app_key: "1", timestamp: "1700000000000", sign_method: "sha256", keywords: "a b" };
    const sign = signAliExpress(params, "secret");
    expect(sign).toMatch(/^[0-9A-F]{64}$/);
    expect(sign).toBe(aliexpressSign(params, "secret"));
    // The order the parameters come in does not matter; a changed value does.
    const { keywords, ...rest } = params;
    expect(signAliExpress({ keywords, ...rest }, "secret")).toBe(sign);
    expect(signAliExpress({ ...params, keywords: "a c" }, "secret")).not.toBe(sign);
  });

  it("normalizes products into offers with the promotion link and the feedback rate as stars", async () => {
    const res = await adapter().search(ctx, { q: "xiaomi", page: 1, pageSize: 20 }, { signal: open() });
    expect(res.offers.length).toBe(20);
    expect(res.dropped).toEqual([]);
    expect(res.total).toBeGreaterThanOrEqual(20);
    for (const o of res.offers) {
      expect(o).toMatchObject({
        externalId: expect.stringMatching(/^\d{16}$/),
        title: expect.stringMatching(/Xiaomi/i),
        currency: "USD",
        productUrl: expect.stringContaining(`aff_trace_key=${ALIEXPRESS_DEV_TRACKING_ID}`),
        imageUrl: expect.stringContaining(`${sim.url}/img/`),
        gtin: null,
        brand: null,
        ratingCount: null,
        condition: "new",
      });
      expect(Number.isInteger(o.priceMinor) && o.priceMinor > 0).toBe(true);
      // 90–100 % positive feedback is 4.5–5 stars.
      if (o.rating !== null) expect(o.rating).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("sends sort, mapped category, price bounds in cents and a page past 50 from the right product", async () => {
    const a = adapter();
    const q = { q: "samsung", sort: "price_desc" as const, category: "phone", minPrice: 20_000, maxPrice: 80_000 };
    const res = await a.search(ctx, { ...q, page: 1, pageSize: 10 }, { signal: open() });
    expect(res.offers.length).toBeGreaterThan(0);
    const prices = res.offers.map((o) => o.priceMinor);
    expect(prices).toEqual([...prices].sort((x, y) => y - x));
    expect(prices.every((p) => p >= 20_000 && p <= 80_000)).toBe(true);
    expect(res.offers.every((o) => o.category === ALIEXPRESS_CATEGORIES.phone.second[1])).toBe(true);

    const big = await a.search(ctx, { q: "phone", page: 2, pageSize: 100 }, { signal: open() });
    const small = await a.search(ctx, { q: "phone", page: 3, pageSize: 50 }, { signal: open() });
    expect(small.offers.length).toBeGreaterThan(0);
    expect(big.offers.map((o) => o.externalId)).toEqual(small.offers.map((o) => o.externalId));
  });

  it("reads one product by id; an unknown or non-numeric id is not found", async () => {
    const a = adapter();
    const { offers } = await a.search(ctx, { q: "nike", page: 1, pageSize: 5 }, { signal: open() });
    for (const o of offers) {
      expect(await a.getProduct(ctx, o.externalId, { signal: open() })).toEqual({ status: "found", offer: o });
    }
    expect(await a.getProduct(ctx, "1005000000000001", { signal: open() })).toEqual({ status: "not_found" });
    expect(await a.getProduct(ctx, "abc", { signal: open() })).toEqual({ status: "not_found" });
  });

  it("is refused with MARKETPLACE_AUTH_FAILED for a wrong secret or app key, and REQUEST_REFUSED for a bad parameter", async () => {
    await expect(
      adapter({ app_secret: "wrong" }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED", message: expect.stringMatching(/IncompleteSignature/) });
    await expect(
      adapter({ app_key: "999" }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED", message: expect.stringMatching(/InvalidAppKey/) });
    // AliExpress converts to USD, EUR, GBP …, never KES.
    await expect(
      adapter({}, { currency: "KES" }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_REQUEST_REFUSED", message: expect.stringMatching(/target_currency/) });
  });

  it("drops malformed products with reasons and keeps the rest", async () => {
    sim.setMode({ malformed: "items" });
    const res = await adapter().search(ctx, { q: "phone", page: 1, pageSize: 30 }, { signal: open() });
    expect(res.dropped.length).toBeGreaterThan(0);
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.offers.length + res.dropped.length).toBe(30);
    expect(res.dropped[0]).toMatchObject({ reason: expect.stringMatching(/price/) });
  });

  it("maps a failing gateway and a garbled body to MARKETPLACE_UNAVAILABLE", async () => {
    sim.setMode({ fail: true });
    await expect(adapter().search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() })).rejects.toMatchObject(
      {
        code: "MARKETPLACE_UNAVAILABLE",
        message: expect.stringMatching(/ServiceUnavailable/),
      },
    );
    sim.setMode({ fail: false, malformed: "body" });
    await expect(adapter().search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() })).rejects.toMatchObject(
      {
        code: "MARKETPLACE_UNAVAILABLE",
      },
    );
  });

  it("gives up at once when the caller's signal aborts, with the signal's reason", async () => {
    sim.setMode({ slow: true, slowMs: 10_000 });
    const started = Date.now();
    const err = await adapter()
      .getProduct(ctx, "1005006000000001", { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers ordering as unsupported, and refuses a missing secret as misconfigured", async () => {
    const a = adapter();
    const placed = await a.placeOrder(
      ctx,
      {
        clientReference: "SK100001",
        idempotencyKey: "k1",
        lines: [{ externalId: "1", quantity: 1, unitPriceMinor: 100, currency: "USD" }],
        shipTo: { name: "Sokoni warehouse", line1: "1 Road", city: "Nairobi", country: "KE" },
      },
      { signal: open() },
    );
    expect(placed).toMatchObject({ status: "unsupported", reason: expect.stringMatching(/affiliate/) });
    expect(await a.getOrderStatus(ctx, "x", { signal: open() })).toMatchObject({ status: "unsupported" });
    expect(() => createAdapter(row(), { credentials: { app_key: "x" } })).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED", message: expect.stringMatching(/app_secret/) }),
    );
  });
});
