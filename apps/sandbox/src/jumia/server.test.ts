import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listingsOf } from "../market-catalog/index.ts";
import { type JumiaSimulator, startJumia } from "./index.ts";

let jumia: JumiaSimulator;
type Json = Record<string, unknown>;

async function get(path: string, key: string | null = "key-1") {
  const res = await fetch(`${jumia.url}${path}`, { headers: key === null ? {} : { "x-api-key": key } });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}
const products = (body: Json) => (body.products ?? []) as Json[];

beforeAll(async () => {
  jumia = await startJumia({ apiKey: "key-1", mode: { latencyMs: 0 } });
});
afterAll(async () => {
  await jumia?.close();
});
beforeEach(() => {
  jumia.setMode({ latencyMs: 0, slow: false, fail: false, malformed: "off" });
});

describe("catalog search", () => {
  it("refuses a missing or wrong API key with 401", async () => {
    for (const key of [null, "wrong"]) {
      const res = await get("/api/catalog/search?q=phone", key);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: expect.any(String) } });
    }
  });

  it("answers products in KES with pagination", async () => {
    const res = await get("/api/catalog/search?q=samsung%20galaxy&perPage=5");
    expect(res.status).toBe(200);
    expect(res.body.pagination).toMatchObject({ page: 1, perPage: 5, totalItems: expect.any(Number) });
    const list = products(res.body);
    expect(list).toHaveLength(5);
    for (const p of list) {
      expect(p).toMatchObject({
        sku: expect.stringMatching(/NAFAMZ$/),
        name: expect.stringContaining("Samsung"),
        brand: "Samsung",
        prices: { price: expect.any(Number), rawPrice: expect.stringMatching(/^\d+\.00$/), currency: "KES" },
        image: expect.stringContaining("/img/"),
        url: expect.stringMatching(/\.html$/),
        rating: { average: expect.any(Number), totalRatings: expect.any(Number) },
        isBuyable: expect.any(Boolean),
      });
      expect(Number.isInteger((p.prices as Json).price)).toBe(true);
    }
    const page = await fetch(String(list[0]?.url));
    expect(page.status).toBe(200);
  });

  it("pages without overlap and reports the totals", async () => {
    const first = await get("/api/catalog/search?q=nike&perPage=48");
    const { totalItems, totalPages } = first.body.pagination as { totalItems: number; totalPages: number };
    expect(totalPages).toBe(Math.ceil(totalItems / 48));
    const seen = new Set<string>();
    for (let page = 1; page <= totalPages; page++) {
      for (const p of products((await get(`/api/catalog/search?q=nike&perPage=48&page=${page}`)).body)) {
        expect(seen.has(String(p.sku))).toBe(false);
        seen.add(String(p.sku));
      }
    }
    expect(seen.size).toBe(totalItems);
  });

  it("sorts by price and filters by price and category", async () => {
    const res = await get("/api/catalog/search?q=tv&sort=lowest-price&perPage=48&minPrice=40000&maxPrice=120000");
    const prices = products(res.body).map((p) => (p.prices as Json).price as number);
    expect(prices.length).toBeGreaterThan(0);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    for (const p of prices) {
      expect(p).toBeGreaterThanOrEqual(40000);
      expect(p).toBeLessThanOrEqual(120000);
    }
    const phones = await get("/api/catalog/search?q=samsung&category=phones-tablets&perPage=48");
    for (const p of products(phones.body)) expect(p.category).toBe("phones-tablets");
  });

  it("carries an EAN on few products", async () => {
    const withEan = listingsOf("jumia").filter((l) => l.gtin);
    expect(withEan.length).toBeGreaterThan(0);
    const target = withEan[0];
    const res = await get(`/api/catalog/products/${target?.id}`);
    expect((res.body.product as Json).ean).toBe(target?.gtin);
  });

  it("refuses bad parameters with 400", async () => {
    for (const [q, code] of [
      ["", "INVALID_QUERY"],
      ["q=tv&page=0", "INVALID_PAGE"],
      ["q=tv&perPage=100", "INVALID_PER_PAGE"],
      ["q=tv&sort=cheap", "INVALID_SORT"],
      ["q=tv&minPrice=abc", "INVALID_PRICE"],
    ] as const) {
      const res = await get(`/api/catalog/search?${q}`);
      expect(res.status).toBe(400);
      expect((res.body.error as Json).code).toBe(code);
    }
  });
});

describe("product detail", () => {
  it("adds description and specifications; 404 for an unknown SKU", async () => {
    const l = listingsOf("jumia")[3];
    const res = await get(`/api/catalog/products/${l?.id}`);
    expect(res.status).toBe(200);
    expect(res.body.product).toMatchObject({
      sku: l?.id,
      name: l?.title,
      description: expect.any(String),
      specifications: expect.arrayContaining([{ name: "Brand", value: l?.brand }]),
    });
    const missing = await get("/api/catalog/products/XX000MPAAAAAAANAFAMZ");
    expect(missing.status).toBe(404);
    expect((missing.body.error as Json).code).toBe("PRODUCT_NOT_FOUND");
  });
});

describe("switches", () => {
  it("fail: 500 with the error envelope", async () => {
    jumia.setMode({ fail: true });
    const res = await get("/api/catalog/search?q=tv");
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, error: { code: "INTERNAL_ERROR" } });
  });

  it("malformed: a garbled body, or some products with a field missing or garbled", async () => {
    jumia.setMode({ malformed: "body" });
    const garbled = await get("/api/catalog/search?q=tv");
    expect(() => JSON.parse(garbled.text)).toThrow();
    jumia.setMode({ malformed: "items" });
    const list = products((await get("/api/catalog/search?q=samsung&perPage=24")).body);
    const whole = (p: Json) =>
      typeof p.sku === "string" &&
      typeof p.name === "string" &&
      typeof (p.prices as Json | undefined)?.price === "number";
    expect(whole(list[0] as Json)).toBe(false);
    expect(list.filter(whole).length).toBeGreaterThan(0);
  });

  it("latency: the same query waits the same time within the range", async () => {
    jumia.setMode({ latencyMs: { min: 100, max: 200 } });
    const t = performance.now();
    await get("/api/catalog/search?q=tv");
    const elapsed = performance.now() - t;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1500);
  });
});
