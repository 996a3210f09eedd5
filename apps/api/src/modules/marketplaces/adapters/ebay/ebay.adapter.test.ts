import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, type EbaySimulator, startEbay } from "@sokoni/sandbox/ebay";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../platform/log.ts";
import type { AdapterCtx } from "../adapter.ts";
import { createAdapter } from "../index.ts";
import { createEbayAdapter, type EbayAdapterOptions } from "./ebay.adapter.ts";

let sim: EbaySimulator;
const lines: string[] = [];
const ctx: AdapterCtx = {
  requestId: "test",
  log: createLogger("info", { write: (s: string) => void lines.push(s) }),
};
const open = () => new AbortController().signal;

beforeAll(async () => {
  sim = await startEbay({ mode: { latencyMs: 0 } });
});
afterEach(() => {
  sim.resetMode();
  sim.setMode({ latencyMs: 0 });
  lines.length = 0;
});
afterAll(async () => {
  await sim?.close();
});

const adapter = (over: Partial<EbayAdapterOptions> = {}) =>
  createEbayAdapter({
    code: "ebay-us",
    baseUrl: sim.url,
    clientId: EBAY_DEV_CLIENT_ID,
    clientSecret: EBAY_DEV_CLIENT_SECRET,
    currency: "USD",
    ...over,
  });

describe("eBay adapter against the Browse API simulator", () => {
  it("normalizes search results into offers in minor units", async () => {
    const res = await adapter().search(ctx, { q: "iphone 15", page: 1, pageSize: 20 }, { signal: open() });
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.dropped).toEqual([]);
    expect(res.total).toBeGreaterThanOrEqual(res.offers.length);
    const o = res.offers[0];
    expect(o).toMatchObject({
      externalId: expect.stringMatching(/^v1\|\d+\|0$/),
      currency: "USD",
      productUrl: expect.stringContaining(`${sim.url}/itm/`),
      imageUrl: expect.stringContaining(sim.url),
      seller: expect.any(String),
      // Summaries carry no GTIN, brand or rating on eBay.
      gtin: null,
      rating: null,
    });
    expect(Number.isInteger(o?.priceMinor)).toBe(true);
    expect(["new", "used", "refurbished"]).toContain(o?.condition);
    expect(res.offers.every((x) => /iphone/i.test(x.title))).toBe(true);
  });

  it("pages with limit/offset, filters by price with priceCurrency, and sorts", async () => {
    const a = adapter();
    const q = { q: "samsung", pageSize: 5, sort: "price_asc" as const, minPrice: 20_000, maxPrice: 60_000 };
    const p1 = await a.search(ctx, { ...q, page: 1 }, { signal: open() });
    const p2 = await a.search(ctx, { ...q, page: 2 }, { signal: open() });
    expect(p1.warnings).toEqual([]);
    const prices = [...p1.offers, ...p2.offers].map((o) => o.priceMinor);
    expect(prices.length).toBe(10);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    expect(prices.every((p) => p >= 20_000 && p <= 60_000)).toBe(true);
    const ids = new Set([...p1.offers, ...p2.offers].map((o) => o.externalId));
    expect(ids.size).toBe(10);
  });

  it("reads GTIN, brand, rating, availability and weight from getItem", async () => {
    const a = adapter();
    const { offers } = await a.search(ctx, { q: "galaxy", page: 1, pageSize: 50 }, { signal: open() });
    const found = [];
    for (const o of offers.slice(0, 12)) {
      const r = await a.getProduct(ctx, o.externalId, { signal: open() });
      if (r.status === "found") found.push(r.offer);
    }
    expect(found.length).toBe(12);
    expect(found.every((o) => o.brand !== null && o.availability !== "unknown")).toBe(true);
    expect(found.some((o) => o.gtin !== null && /^\d{8,14}$/.test(o.gtin))).toBe(true);
    expect(found.some((o) => o.rating !== null && o.ratingCount !== null)).toBe(true);
    expect(found.some((o) => o.weightGrams !== null)).toBe(true);
    expect(await a.getProduct(ctx, "v1|999999999999|0", { signal: open() })).toEqual({ status: "not_found" });
    expect(await a.getProduct(ctx, "not-an-item-id", { signal: open() })).toEqual({ status: "not_found" });
  });

  it("fetches one token for many parallel calls and reuses it", async () => {
    const a = adapter();
    const before = sim.tokensIssued();
    await Promise.all(
      ["phone", "laptop", "tv", "watch"].map((q) => a.search(ctx, { q, page: 1, pageSize: 3 }, { signal: open() })),
    );
    await a.search(ctx, { q: "tablet", page: 1, pageSize: 3 }, { signal: open() });
    expect(sim.tokensIssued() - before).toBe(1);
    expect(a.tokensFetched()).toBe(1);
  });

  it("fetches a new token once the cached one is near its expiry", async () => {
    let clock = 1_000_000;
    const a = adapter({ now: () => clock, refreshMarginMs: 60_000 });
    await a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() });
    clock += 7200_000 - 120_000; // two minutes before expiry: still cached
    await a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() });
    expect(a.tokensFetched()).toBe(1);
    clock += 90_000; // inside the refresh margin
    await a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() });
    expect(a.tokensFetched()).toBe(2);
  });

  it("refreshes a token eBay no longer accepts and retries the call once", async () => {
    const a = adapter();
    await a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() });
    sim.expireTokens();
    const res = await a.search(ctx, { q: "phone", page: 1, pageSize: 1 }, { signal: open() });
    expect(res.offers.length).toBe(1);
    expect(a.tokensFetched()).toBe(2);
  });

  it("drops malformed items, keeps the rest, and reports why", async () => {
    sim.setMode({ malformed: "items" });
    const res = await adapter().search(ctx, { q: "phone", page: 1, pageSize: 30 }, { signal: open() });
    expect(res.dropped.length).toBeGreaterThan(0);
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.offers.length + res.dropped.length).toBe(30);
    expect(res.dropped[0]).toMatchObject({ externalId: expect.stringMatching(/^v1\|/), reason: expect.any(String) });
  });

  it("logs eBay's warnings when it ignores a filter", async () => {
    // EUR is not these listings' currency: eBay answers 200, ignores the filter and warns.
    const a = adapter({ currency: "EUR" });
    const res = await a.search(ctx, { q: "phone", page: 1, pageSize: 3, minPrice: 100 }, { signal: open() });
    expect(res.offers.length).toBe(3);
    expect(res.warnings.join(" ")).toMatch(/12002/);
    expect(lines.join("\n")).toMatch(/eBay search warnings/);
  });

  it("turns eBay's error envelope, a garbled body and bad keys into UpstreamError", async () => {
    sim.setMode({ fail: true });
    await expect(adapter().search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() })).rejects.toMatchObject(
      {
        status: 502,
        code: "MARKETPLACE_UNAVAILABLE",
        message: expect.stringMatching(/12000/),
      },
    );
    sim.setMode({ fail: false, malformed: "body" });
    await expect(adapter().search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() })).rejects.toMatchObject(
      {
        code: "MARKETPLACE_UNAVAILABLE",
      },
    );
    sim.resetMode();
    await expect(
      adapter({ clientSecret: "wrong" }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED", message: expect.stringMatching(/invalid_client/) });
    // A request eBay refuses (offset past 10,000 items).
    await expect(
      adapter().search(ctx, { q: "phone", page: 60, pageSize: 200 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_REQUEST_REFUSED", message: expect.stringMatching(/12007/) });
  });

  it("gives up at once when the caller's signal aborts, with the signal's reason", async () => {
    sim.setMode({ slow: true, slowMs: 10_000 });
    const a = adapter();
    const started = Date.now();
    const err = await a
      .search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers ordering as unsupported, a value rather than an error", async () => {
    const a = adapter();
    const placed = await a.placeOrder(
      ctx,
      {
        clientReference: "SK100001",
        idempotencyKey: "k1",
        lines: [{ externalId: "v1|1|0", quantity: 1, unitPriceMinor: 100, currency: "USD" }],
        shipTo: { name: "Sokoni warehouse", line1: "1 Road", city: "Nairobi", country: "KE" },
      },
      { signal: open() },
    );
    expect(placed).toMatchObject({ status: "unsupported", reason: expect.stringMatching(/Buy Order/) });
    expect(await a.getOrderStatus(ctx, "x", { signal: open() })).toMatchObject({ status: "unsupported" });
  });

  it("is chosen by createAdapter from the registry's row and decrypted credentials", async () => {
    const a = createAdapter(
      {
        code: "ebay-us",
        kind: "ebay",
        currency: "USD",
        apiBaseUrl: sim.url,
        adapterConfig: { marketplace_id: "EBAY_US", category_map: { phone: "9355" } },
        rateLimitPerMin: null,
      },
      { credentials: { client_id: EBAY_DEV_CLIENT_ID, client_secret: EBAY_DEV_CLIENT_SECRET } },
    );
    const res = await a.search(ctx, { q: "samsung", category: "phone", page: 1, pageSize: 10 }, { signal: open() });
    expect(res.offers.length).toBe(10);
    expect(res.offers.every((o) => o.category === "Cell Phones & Smartphones")).toBe(true);
    expect(() =>
      createAdapter(
        {
          code: "ebay-us",
          kind: "ebay",
          currency: "USD",
          apiBaseUrl: sim.url,
          adapterConfig: {},
          rateLimitPerMin: null,
        },
        { credentials: { client_id: "x" } },
      ),
    ).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED", message: expect.stringMatching(/client_secret/) }),
    );
  });
});
