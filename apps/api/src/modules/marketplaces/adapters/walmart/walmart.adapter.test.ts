import { generateKeyPairSync } from "node:crypto";
import {
  startWalmart,
  WALMART_CATEGORIES,
  WALMART_DEV_CONSUMER_ID,
  WALMART_DEV_PRIVATE_KEY,
  type WalmartSimulator,
} from "@sokoni/sandbox/walmart";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../platform/log.ts";
import type { AdapterCtx, MarketplaceAdapter } from "../adapter.ts";
import { type AdapterMarketplace, createAdapter } from "../index.ts";

let sim: WalmartSimulator;
const ctx: AdapterCtx = { requestId: "test", log: createLogger("silent") };
const open = () => new AbortController().signal;

beforeAll(async () => {
  sim = await startWalmart({ mode: { latencyMs: 0 } });
});
afterEach(() => {
  sim.resetMode();
  sim.setMode({ latencyMs: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const row = (over: Partial<AdapterMarketplace> = {}): AdapterMarketplace => ({
  code: "walmart-us",
  kind: "walmart",
  currency: "USD",
  apiBaseUrl: sim.url,
  adapterConfig: { category_map: { phone: WALMART_CATEGORIES.phone.id } },
  rateLimitPerMin: null,
  ...over,
});
const adapter = (
  credentials: Record<string, string> = {},
  over: Partial<AdapterMarketplace> = {},
): MarketplaceAdapter =>
  createAdapter(row(over), {
    credentials: { consumer_id: WALMART_DEV_CONSUMER_ID, private_key: WALMART_DEV_PRIVATE_KEY, ...credentials },
  });

describe("Walmart affiliate adapter against the simulator", () => {
  it("signs each request and normalizes items into USD offers with the UPC as GTIN", async () => {
    const res = await adapter().search(ctx, { q: "apple", page: 1, pageSize: 20 }, { signal: open() });
    expect(res.offers.length).toBe(20);
    expect(res.dropped).toEqual([]);
    expect(res.total).toBeGreaterThanOrEqual(20);
    for (const o of res.offers) {
      expect(o).toMatchObject({
        externalId: expect.stringMatching(/^\d+$/),
        currency: "USD",
        brand: "Apple",
        productUrl: expect.stringContaining(`${sim.url}/ip/`),
        imageUrl: expect.stringContaining(`${sim.url}/img/`),
        category: expect.any(String),
        condition: "unknown",
      });
      expect(Number.isInteger(o.priceMinor) && o.priceMinor > 0).toBe(true);
      expect(["in_stock", "limited", "out_of_stock"]).toContain(o.availability);
      if (o.gtin !== null) expect(o.gtin).toMatch(/^\d{12}$/);
      if (o.rating !== null) expect(o.rating).toBeGreaterThan(0);
    }
    // Apple's barcodes are UPC-A: most of its items carry one.
    expect(res.offers.filter((o) => o.gtin !== null).length).toBeGreaterThan(10);
  });

  it("sends sort, mapped category and price bounds in dollars; a page past 25 items starts at the right one", async () => {
    const a = adapter();
    const q = { q: "samsung", sort: "price_asc" as const, category: "phone", minPrice: 30_000, maxPrice: 120_000 };
    const res = await a.search(ctx, { ...q, page: 1, pageSize: 10 }, { signal: open() });
    expect(res.offers.length).toBeGreaterThan(0);
    const prices = res.offers.map((o) => o.priceMinor);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    expect(prices.every((p) => p >= 30_000 && p <= 120_000)).toBe(true);
    expect(res.offers.every((o) => o.category === WALMART_CATEGORIES.phone.path)).toBe(true);

    const big = await a.search(ctx, { q: "phone", page: 2, pageSize: 40 }, { signal: open() });
    const small = await a.search(ctx, { q: "phone", page: 3, pageSize: 20 }, { signal: open() });
    expect(big.offers.length).toBe(25);
    expect(big.offers.slice(0, 20).map((o) => o.externalId)).toEqual(small.offers.map((o) => o.externalId));
    // Past Walmart's 1,000th item: an empty page and a warning, no call refused.
    const calls = sim.calls();
    const far = await a.search(ctx, { q: "phone", page: 60, pageSize: 20 }, { signal: open() });
    expect(far).toMatchObject({ offers: [], warnings: [expect.stringMatching(/1000/)] });
    expect(sim.calls()).toBe(calls);
  });

  it("reads one item by id; an unknown or non-numeric id is not found", async () => {
    const a = adapter();
    const { offers } = await a.search(ctx, { q: "nike", page: 1, pageSize: 5 }, { signal: open() });
    for (const o of offers) {
      const got = await a.getProduct(ctx, o.externalId, { signal: open() });
      expect(got).toEqual({ status: "found", offer: o });
    }
    expect(await a.getProduct(ctx, "1", { signal: open() })).toEqual({ status: "not_found" });
    expect(await a.getProduct(ctx, "../search", { signal: open() })).toEqual({ status: "not_found" });
  });

  it("is refused with MARKETPLACE_AUTH_FAILED when the signature is made with another key or consumer", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    await expect(
      adapter({ private_key: String(other) }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({
      code: "MARKETPLACE_AUTH_FAILED",
      message: expect.stringMatching(/Signature verification failed/),
    });
    await expect(
      adapter({ consumer_id: "someone-else" }).search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED" });
    await expect(
      adapter({}, { adapterConfig: { key_version: "2" } }).getProduct(ctx, "123", { signal: open() }),
    ).rejects.toMatchObject({ code: "MARKETPLACE_AUTH_FAILED" });
  });

  it("drops malformed items with reasons and keeps the rest", async () => {
    sim.setMode({ malformed: "items" });
    const res = await adapter().search(ctx, { q: "phone", page: 1, pageSize: 25 }, { signal: open() });
    expect(res.dropped.length).toBeGreaterThan(0);
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.offers.length + res.dropped.length).toBe(25);
    expect(res.dropped[0]).toMatchObject({ reason: expect.stringMatching(/price/) });
  });

  it("maps a failing store and a garbled body to MARKETPLACE_UNAVAILABLE", async () => {
    sim.setMode({ fail: true });
    await expect(adapter().search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() })).rejects.toMatchObject(
      {
        code: "MARKETPLACE_UNAVAILABLE",
        message: expect.stringMatching(/503/),
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
      .search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("answers ordering as unsupported, and refuses a missing or unreadable key as misconfigured", async () => {
    const a = adapter();
    const placed = await a.placeOrder(
      ctx,
      {
        clientReference: "SK100001",
        idempotencyKey: "k1",
        lines: [{ externalId: "123", quantity: 1, unitPriceMinor: 100, currency: "USD" }],
        shipTo: { name: "Sokoni warehouse", line1: "1 Road", city: "Nairobi", country: "KE" },
      },
      { signal: open() },
    );
    expect(placed).toMatchObject({ status: "unsupported", reason: expect.stringMatching(/affiliate/) });
    expect(await a.getOrderStatus(ctx, "x", { signal: open() })).toMatchObject({ status: "unsupported" });
    expect(() => createAdapter(row(), { credentials: { consumer_id: "x" } })).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED", message: expect.stringMatching(/private_key/) }),
    );
    expect(() => adapter({ private_key: "not a key" })).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED", message: expect.stringMatching(/private_key/) }),
    );
  });
});
