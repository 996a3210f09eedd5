import { JUMIA_DEV_API_KEY, type JumiaSimulator, startJumia } from "@sokoni/sandbox/jumia";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../../platform/log.ts";
import type { AdapterCtx, MarketplaceAdapter } from "../adapter.ts";
import { type AdapterMarketplace, createAdapter } from "../index.ts";
import { at, parseGenericMapping } from "./generic.adapter.ts";
import { JUMIA_MAPPING } from "./jumia.mapping.ts";

let sim: JumiaSimulator;
const ctx: AdapterCtx = { requestId: "test", log: createLogger("silent") };
const open = () => new AbortController().signal;

beforeAll(async () => {
  sim = await startJumia({ mode: { latencyMs: 0 } });
});
afterEach(() => {
  sim.resetMode();
  sim.setMode({ latencyMs: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const row = (over: Partial<AdapterMarketplace> = {}): AdapterMarketplace => ({
  code: "jumia-ke",
  kind: "generic",
  currency: "KES",
  apiBaseUrl: sim.url,
  adapterConfig: JUMIA_MAPPING,
  rateLimitPerMin: null,
  ...over,
});
const adapter = (over: Partial<AdapterMarketplace> = {}, apiKey = JUMIA_DEV_API_KEY): MarketplaceAdapter =>
  createAdapter(row(over), { credentials: { api_key: apiKey } });

describe("generic JSON adapter against the Jumia-like simulator", () => {
  it("maps a search answer through the field mapping into offers in KES minor units", async () => {
    const res = await adapter().search(ctx, { q: "samsung", page: 1, pageSize: 20 }, { signal: open() });
    expect(res.offers.length).toBe(20);
    expect(res.dropped).toEqual([]);
    expect(res.total).toBeGreaterThanOrEqual(20);
    const o = res.offers[0];
    expect(o).toMatchObject({
      externalId: expect.any(String),
      currency: "KES",
      brand: "Samsung",
      productUrl: expect.stringMatching(new RegExp(`^${sim.url}/.+\\.html$`)),
      imageUrl: expect.stringContaining(sim.url),
      condition: "unknown",
    });
    expect(Number.isInteger(o?.priceMinor)).toBe(true);
    expect(res.offers.every((x) => x.availability === "in_stock" || x.availability === "out_of_stock")).toBe(true);
    // "0 stars from 0 ratings" becomes no rating; rated items keep 0–5 and their count.
    for (const x of res.offers) {
      if (x.rating === null) continue;
      expect(x.rating).toBeGreaterThan(0);
      expect(x.ratingCount).toBeGreaterThan(0);
    }
  });

  it("sends page, page size, sort, mapped category and price bounds in shillings", async () => {
    const a = adapter();
    const q = {
      q: "samsung",
      pageSize: 5,
      sort: "price_asc" as const,
      category: "phone",
      minPrice: 2_000_000,
      maxPrice: 10_000_000,
    };
    const [p1, p2] = await Promise.all([
      a.search(ctx, { ...q, page: 1 }, { signal: open() }),
      a.search(ctx, { ...q, page: 2 }, { signal: open() }),
    ]);
    const all = [...p1.offers, ...p2.offers];
    expect(all.length).toBe(10);
    expect(new Set(all.map((o) => o.externalId)).size).toBe(10);
    const prices = all.map((o) => o.priceMinor);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    expect(prices.every((p) => p >= 2_000_000 && p <= 10_000_000)).toBe(true);
    expect(all.every((o) => o.category === "phones-tablets")).toBe(true);
  });

  it("asks at most the store's page size, starting at the right item", async () => {
    const a = adapter();
    const big = await a.search(ctx, { q: "phone", page: 2, pageSize: 96 }, { signal: open() });
    const small = await a.search(ctx, { q: "phone", page: 3, pageSize: 48 }, { signal: open() });
    expect(small.offers.length).toBe(48);
    // Page 2 of 96 starts at item 97, as page 3 of 48 does; the store sends 48 of them.
    expect(big.offers.map((o) => o.externalId)).toEqual(small.offers.map((o) => o.externalId));
  });

  it("reads one product with its description, seller and weight; an unknown id is not found", async () => {
    const a = adapter();
    const { offers } = await a.search(ctx, { q: "laptop", page: 1, pageSize: 10 }, { signal: open() });
    const got = await Promise.all(offers.map((o) => a.getProduct(ctx, o.externalId, { signal: open() })));
    const found = got.flatMap((g) => (g.status === "found" ? [g.offer] : []));
    expect(found.map((o) => o.externalId)).toEqual(offers.map((o) => o.externalId));
    expect(found.map((o) => o.title)).toEqual(offers.map((o) => o.title));
    expect(found.every((o) => (o.description?.length ?? 0) > 10 && o.seller !== null)).toBe(true);
    // "1.25 kg" read as grams.
    expect(found.some((o) => (o.weightGrams ?? 0) > 100)).toBe(true);
    expect(await a.getProduct(ctx, "NOSUCHSKU123NAFAMZ", { signal: open() })).toEqual({ status: "not_found" });
  });

  it("uses the Jumia mapping for a jumia store saved without an adapter_config", async () => {
    const res = await adapter({ kind: "jumia", adapterConfig: {} }).search(
      ctx,
      { q: "phone", page: 1, pageSize: 3 },
      { signal: open() },
    );
    expect(res.offers.length).toBe(3);
  });

  it("drops malformed products, keeps the rest, and says why", async () => {
    sim.setMode({ malformed: "items" });
    const res = await adapter().search(ctx, { q: "phone", page: 1, pageSize: 24 }, { signal: open() });
    expect(res.dropped.length).toBeGreaterThan(0);
    expect(res.offers.length).toBeGreaterThan(0);
    expect(res.offers.length + res.dropped.length).toBe(24);
    expect(res.dropped.map((d) => d.reason).join(" ")).toMatch(/price|title|external id/);
  });

  it("maps a refused key, a failing store and a garbled body to UpstreamError", async () => {
    const search = (a: MarketplaceAdapter) => a.search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: open() });
    await expect(search(adapter({}, "wrong-key"))).rejects.toMatchObject({
      status: 502,
      code: "MARKETPLACE_AUTH_FAILED",
      message: expect.stringMatching(/UNAUTHORIZED/),
    });
    sim.setMode({ fail: true });
    await expect(search(adapter())).rejects.toMatchObject({ code: "MARKETPLACE_UNAVAILABLE" });
    sim.setMode({ fail: false, malformed: "body" });
    await expect(search(adapter())).rejects.toMatchObject({ code: "MARKETPLACE_UNAVAILABLE" });
    sim.resetMode();
    // A request the store refuses: no page past the 500th.
    await expect(
      adapter().search(ctx, { q: "phone", page: 501, pageSize: 10 }, { signal: open() }),
    ).rejects.toMatchObject({
      code: "MARKETPLACE_REQUEST_REFUSED",
      message: expect.stringMatching(/INVALID_PAGE/),
    });
  });

  it("gives up when the signal aborts", async () => {
    sim.setMode({ slow: true, slowMs: 10_000 });
    const started = Date.now();
    const err = await adapter()
      .search(ctx, { q: "phone", page: 1, pageSize: 3 }, { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses an unusable mapping with a clear error, and answers ordering as unsupported", async () => {
    expect(() => parseGenericMapping("x", { search_path: "api", items: "", fields: {} })).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED", message: expect.stringMatching(/search_path/) }),
    );
    expect(() => adapter({ adapterConfig: { ...JUMIA_MAPPING, extra: 1 } })).toThrow(
      expect.objectContaining({ code: "MARKETPLACE_MISCONFIGURED" }),
    );
    expect(await adapter().getOrderStatus(ctx, "x", { signal: open() })).toMatchObject({ status: "unsupported" });
  });

  it("reads dotted paths through objects and arrays", () => {
    expect(at({ a: { b: [{ c: 1 }, { c: 2 }] } }, "a.b.1.c")).toBe(2);
    expect(at({ a: null }, "a.b")).toBeUndefined();
    expect(at({ a: 1 }, "")).toEqual({ a: 1 });
  });
});
