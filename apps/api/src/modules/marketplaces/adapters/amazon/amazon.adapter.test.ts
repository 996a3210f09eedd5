import {
  AMAZON_DEV_ACCESS_KEY,
  AMAZON_DEV_PARTNER_TAG,
  AMAZON_DEV_SECRET_KEY,
  type AmazonSimulator,
  startAmazon,
} from "@sokoni/sandbox/amazon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../../platform/log.ts";
import type { AdapterCtx, MarketplaceAdapter } from "../adapter.ts";
import { createAdapter } from "../index.ts";
import { createThrottle, createThrottleRegistry } from "../throttle.ts";
import { type AmazonAdapterOptions, createAmazonAdapter } from "./amazon.adapter.ts";

let sim: AmazonSimulator;
const ctx: AdapterCtx = { requestId: "test", log: createLogger("silent") };
const open = () => new AbortController().signal;

// A fresh simulator per test: its 1 request/s count per access key must not carry over from
// the previous test's calls.
beforeEach(async () => {
  sim = await startAmazon({ mode: { latencyMs: 0 } });
});
afterEach(async () => {
  await sim?.close();
});

// Each test gets its own throttle, as each would be its own marketplace; within a test, one
// throttle is shared by every call, as createAdapter shares it per marketplace code.
const adapter = (over: Partial<AmazonAdapterOptions> = {}): MarketplaceAdapter =>
  createAmazonAdapter({
    code: "amazon-us",
    baseUrl: sim.url,
    accessKey: AMAZON_DEV_ACCESS_KEY,
    secretKey: AMAZON_DEV_SECRET_KEY,
    partnerTag: AMAZON_DEV_PARTNER_TAG,
    currency: "USD",
    throttle: createThrottle(1100),
    ...over,
  });

describe("Amazon PA-API 5 adapter against the simulator", () => {
  it("signs SearchItems so the simulator accepts it, and normalizes the items", async () => {
    const res = await adapter().search(ctx, { q: "galaxy", page: 1, pageSize: 10 }, { signal: open() });
    expect(res.offers.length).toBe(10);
    expect(res.total).toBeGreaterThanOrEqual(10);
    expect(res.dropped).toEqual([]);
    const o = res.offers[0];
    expect(o).toMatchObject({
      externalId: expect.stringMatching(/^B0/),
      currency: "USD",
      productUrl: expect.stringContaining(`tag=${AMAZON_DEV_PARTNER_TAG}`),
      imageUrl: expect.stringContaining(sim.url),
      brand: expect.any(String),
      condition: "new",
    });
    expect(Number.isInteger(o?.priceMinor)).toBe(true);
    expect(res.offers.some((x) => x.gtin !== null)).toBe(true);
    expect(res.offers.some((x) => x.rating !== null && x.ratingCount !== null)).toBe(true);
    expect(res.offers.some((x) => x.weightGrams !== null)).toBe(true);
    expect(res.offers.every((x) => x.availability !== "unknown")).toBe(true);
  });

  it("pages past PA-API's 10 items a page from the right item, and stops after the 100th", async () => {
    const a = adapter();
    const tens = await a.search(ctx, { q: "samsung", page: 3, pageSize: 10 }, { signal: open() });
    const twenties = await a.search(ctx, { q: "samsung", page: 2, pageSize: 20 }, { signal: open() });
    expect(tens.offers.length).toBe(10);
    // Page 2 of 20 starts at item 21, as page 3 of 10 does.
    expect(twenties.offers.map((o) => o.externalId)).toEqual(tens.offers.map((o) => o.externalId));
    const before = sim.calls();
    const deep = await a.search(ctx, { q: "samsung", page: 6, pageSize: 20 }, { signal: open() });
    expect(deep).toMatchObject({ offers: [], warnings: [expect.stringMatching(/100/)] });
    expect(sim.calls()).toBe(before);
  });

  it("gets one item by ASIN, and an unknown ASIN is not found", async () => {
    const a = adapter();
    const { offers } = await a.search(ctx, { q: "laptop", page: 1, pageSize: 1 }, { signal: open() });
    const id = offers[0]?.externalId ?? "";
    const got = await a.getProduct(ctx, id, { signal: open() });
    expect(got).toMatchObject({ status: "found", offer: { externalId: id, title: offers[0]?.title } });
    expect(await a.getProduct(ctx, "B0NOSUCHXX", { signal: open() })).toEqual({ status: "not_found" });
  });

  it("sends price filters in minor units and the sort, and answers no match as an empty page", async () => {
    const a = adapter();
    const res = await a.search(
      ctx,
      { q: "phone", page: 1, pageSize: 10, minPrice: 20_000, maxPrice: 50_000, sort: "price_desc" },
      { signal: open() },
    );
    const prices = res.offers.map((o) => o.priceMinor);
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((p) => p >= 20_000 && p <= 50_000)).toBe(true);
    expect(prices).toEqual([...prices].sort((x, y) => y - x));
    const none = await a.search(ctx, { q: "zzqxv nothing", page: 1, pageSize: 10 }, { signal: open() });
    expect(none).toEqual({ offers: [], dropped: [], total: 0, warnings: [] });
  });

  it("spaces two quick calls by at least a second through the shared throttle, with no 429", async () => {
    // 1 s plus the slack createAdapter adds (100 ms): the simulator, like Amazon, counts arrivals, and a
    // bare 1000 ms between sends can arrive 999 ms apart.
    const a = adapter({ throttle: createThrottle(1100) });
    const before = sim.throttled();
    const arrivals: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      ["phone", "tv"].map(async (q) => {
        await a.search(ctx, { q, page: 1, pageSize: 1 }, { signal: open() });
        arrivals.push(Date.now() - t0);
      }),
    );
    expect(Math.max(...arrivals)).toBeGreaterThanOrEqual(1000);
    expect(sim.throttled() - before).toBe(0);
  });

  it("shares one throttle between adapters of the same marketplace made by createAdapter", async () => {
    const throttles = createThrottleRegistry();
    const row = {
      code: "amazon-us",
      kind: "amazon",
      currency: "USD",
      apiBaseUrl: sim.url,
      adapterConfig: { partner_tag: AMAZON_DEV_PARTNER_TAG, region: "us-east-1" },
      rateLimitPerMin: 60,
    };
    const credentials = { access_key: AMAZON_DEV_ACCESS_KEY, secret_key: AMAZON_DEV_SECRET_KEY };
    const one = createAdapter(row, { credentials, throttles });
    const two = createAdapter(row, { credentials, throttles });
    const before = sim.throttled();
    const t0 = Date.now();
    await Promise.all([
      one.search(ctx, { q: "watch", page: 1, pageSize: 1 }, { signal: open() }),
      two.search(ctx, { q: "shoes", page: 1, pageSize: 1 }, { signal: open() }),
    ]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(sim.throttled() - before).toBe(0);
  });

  it("waits out a 429 (someone else used the second) and retries once", async () => {
    // Two adapters with their own throttles race each other, as two processes would.
    const [a, b] = [adapter(), adapter()];
    const before = sim.throttled();
    const results = await Promise.all([
      a.search(ctx, { q: "tablet", page: 1, pageSize: 1 }, { signal: open() }),
      b.search(ctx, { q: "tablet", page: 1, pageSize: 1 }, { signal: open() }),
    ]);
    expect(sim.throttled() - before).toBe(1);
    expect(results.every((r) => r.offers.length === 1)).toBe(true);
  });

  it("is refused with a wrong secret or an unknown key", async () => {
    await expect(
      adapter({ secretKey: "not-the-secret" }).search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() }),
    ).rejects.toMatchObject({
      status: 502,
      code: "MARKETPLACE_AUTH_FAILED",
      message: expect.stringMatching(/InvalidSignature/),
    });
    await expect(
      adapter({ accessKey: "AKIAUNKNOWN000000000" }).search(
        ctx,
        { q: "phone", page: 1, pageSize: 1 },
        { signal: open() },
      ),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED", message: expect.stringMatching(/UnrecognizedClient/) });
  });

  it("drops malformed items and keeps the rest", async () => {
    sim.setMode({ malformed: "items" });
    const res = await adapter().search(ctx, { q: "samsung", page: 1, pageSize: 10 }, { signal: open() });
    expect(res.dropped.length).toBeGreaterThan(0);
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.offers.length + res.dropped.length).toBe(10);
    expect(res.dropped.map((d) => d.reason).join(" ")).toMatch(/price|title|external id/);
  });

  it("maps a failing or garbled PA-API to UpstreamError", async () => {
    sim.setMode({ fail: true });
    const a = adapter();
    await expect(a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() })).rejects.toMatchObject({
      code: "MARKETPLACE_UNAVAILABLE",
      message: expect.stringMatching(/InternalFailure/),
    });
    sim.setMode({ fail: false, malformed: "body" });
    await expect(a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() })).rejects.toMatchObject({
      code: "MARKETPLACE_UNAVAILABLE",
    });
  });

  it("gives up when the signal aborts, in flight or still queued behind the throttle", async () => {
    sim.setMode({ slow: true, slowMs: 10_000 });
    const a = adapter();
    const started = Date.now();
    const inFlight = a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: AbortSignal.timeout(300) });
    const queued = a.search(ctx, { q: "tv", page: 1, pageSize: 1 }, { signal: AbortSignal.timeout(300) });
    const errs = await Promise.all([inFlight.catch((e: unknown) => e), queued.catch((e: unknown) => e)]);
    expect(errs.map((e) => (e as Error).name)).toEqual(["TimeoutError", "TimeoutError"]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("answers ordering as unsupported: PA-API cannot place orders", async () => {
    const res = await adapter().getOrderStatus(ctx, "x", { signal: open() });
    expect(res).toMatchObject({ status: "unsupported", reason: expect.stringMatching(/PA-API/) });
  });
});
