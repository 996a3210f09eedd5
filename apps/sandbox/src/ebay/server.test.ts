import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findListing, listingsOf, universeItemOf } from "../market-catalog/index.ts";
import { EBAY_API_SCOPE, type EbaySimulator, startEbay } from "./index.ts";

let ebay: EbaySimulator;
let token: string;

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const form = { "content-type": "application/x-www-form-urlencoded" };
const grant = `grant_type=client_credentials&scope=${encodeURIComponent(EBAY_API_SCOPE)}`;

async function getToken(): Promise<string> {
  const res = await fetch(`${ebay.url}/identity/v1/oauth2/token`, {
    method: "POST",
    headers: { ...form, authorization: basic("client-1", "secret-1") },
    body: grant,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

type Json = Record<string, unknown>;
async function browse(path: string, bearer = token) {
  const res = await fetch(`${ebay.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text, type: res.headers.get("content-type") };
}
const search = (query: string) => browse(`/buy/browse/v1/item_summary/search?${query}`);
const summaries = (body: Json) => (body.itemSummaries ?? []) as Json[];

beforeAll(async () => {
  ebay = await startEbay({ clientId: "client-1", clientSecret: "secret-1", mode: { latencyMs: 0 } });
  token = await getToken();
});
afterAll(async () => {
  await ebay?.close();
});
beforeEach(() => {
  ebay.setMode({ latencyMs: 0, slow: false, fail: false, malformed: "off" });
});

describe("OAuth client credentials", () => {
  it("issues an application token for the right keyset", async () => {
    const res = await fetch(`${ebay.url}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: { ...form, authorization: basic("client-1", "secret-1") },
      body: grant,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ expires_in: 7200, token_type: "Application Access Token" });
    expect(body.access_token).toMatch(/^v\^1\.1#/);
  });

  it("refuses a wrong secret with 401 invalid_client", async () => {
    const res = await fetch(`${ebay.url}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: { ...form, authorization: basic("client-1", "wrong") },
      body: grant,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid_client", error_description: "client authentication failed" });
    const none = await fetch(`${ebay.url}/identity/v1/oauth2/token`, { method: "POST", headers: form, body: grant });
    expect(none.status).toBe(401);
  });

  it("refuses another grant type or scope with 400", async () => {
    const send = (body: string) =>
      fetch(`${ebay.url}/identity/v1/oauth2/token`, {
        method: "POST",
        headers: { ...form, authorization: basic("client-1", "secret-1") },
        body,
      });
    const g = await send("grant_type=password");
    expect(g.status).toBe(400);
    expect(await g.json()).toMatchObject({ error: "unsupported_grant_type" });
    const s = await send(
      "grant_type=client_credentials&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.inventory",
    );
    expect(s.status).toBe(400);
    expect(await s.json()).toMatchObject({ error: "invalid_scope" });
  });

  it("answers Browse calls without a valid token with 401 and error 1001", async () => {
    for (const bearer of ["", "v^1.1#unknown"]) {
      const res = await browse("/buy/browse/v1/item_summary/search?q=iphone", bearer);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        errors: [
          expect.objectContaining({
            errorId: 1001,
            domain: "OAuth",
            category: "REQUEST",
            message: "Invalid access token",
          }),
        ],
      });
    }
  });

  it("refuses an expired token until a new one is fetched", async () => {
    const old = await getToken();
    ebay.expireTokens();
    expect((await browse("/buy/browse/v1/item_summary/search?q=iphone", old)).status).toBe(401);
    token = await getToken();
    expect((await search("q=iphone")).status).toBe(200);
  });
});

describe("item_summary/search", () => {
  it("answers a SearchPagedCollection of the documented shape, without GTINs", async () => {
    const res = await search("q=galaxy%20s24&limit=3");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: expect.any(Number), limit: 3, offset: 0 });
    expect(res.body.href).toContain("/buy/browse/v1/item_summary/search?");
    expect(res.body.next).toContain("offset=3");
    expect(res.body.warnings).toBeUndefined();
    const items = summaries(res.body);
    expect(items).toHaveLength(3);
    for (const s of items) {
      expect(s).toMatchObject({
        itemId: expect.stringMatching(/^v1\|\d+\|0$/),
        legacyItemId: expect.stringMatching(/^\d+$/),
        title: expect.stringContaining("Galaxy S24"),
        price: { value: expect.stringMatching(/^\d+\.\d{2}$/), currency: "USD" },
        image: { imageUrl: expect.stringContaining("/img/") },
        itemWebUrl: expect.stringContaining("/itm/"),
        condition: expect.any(String),
        conditionId: expect.stringMatching(/^\d{4}$/),
        buyingOptions: ["FIXED_PRICE"],
        seller: {
          username: expect.any(String),
          feedbackPercentage: expect.any(String),
          feedbackScore: expect.any(Number),
        },
        categories: [{ categoryId: "9355", categoryName: "Cell Phones & Smartphones" }],
      });
      expect(s.itemHref).toBe(`${ebay.url}/buy/browse/v1/item/${encodeURIComponent(String(s.itemId))}`);
      expect(s).not.toHaveProperty("gtin");
    }
    const image = await fetch(String(((items[0] as Json).image as Json).imageUrl));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("pages with limit and offset: no overlap, the same total, next until the end", async () => {
    const first = await search("q=iphone&limit=10");
    const total = Number(first.body.total);
    expect(total).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (let offset = 0; offset < total; offset += 10) {
      const page = await search(`q=iphone&limit=10&offset=${offset}`);
      expect(page.body.total).toBe(total);
      for (const s of summaries(page.body)) {
        expect(seen.has(String(s.itemId))).toBe(false);
        seen.add(String(s.itemId));
      }
      if (offset + 10 < total) expect(page.body.next).toContain(`offset=${offset + 10}`);
      else expect(page.body.next).toBeUndefined();
      if (offset > 0) expect(page.body.prev).toContain(`offset=${offset - 10}`);
    }
    expect(seen.size).toBe(total);
    const past = await search(`q=iphone&limit=10&offset=${Math.ceil(total / 10) * 10 + 100}`);
    expect(past.status).toBe(200);
    expect(past.body.itemSummaries).toBeUndefined();
  });

  it("refuses limit and offset outside eBay's rules with the error envelope", async () => {
    for (const q of ["q=tv&limit=0", "q=tv&limit=201", "q=tv&limit=ten"]) {
      const res = await search(q);
      expect(res.status).toBe(400);
      expect((res.body.errors as Json[])[0]).toMatchObject({
        errorId: 12006,
        domain: "API_BROWSE",
        category: "REQUEST",
        message: expect.any(String),
        parameters: [{ name: "limit", value: expect.any(String) }],
      });
    }
    for (const q of [
      "q=tv&limit=10&offset=5",
      "q=tv&limit=50&offset=10000",
      "q=tv&limit=200&offset=9900",
      "q=tv&offset=-50",
    ]) {
      const res = await search(q);
      expect(res.status).toBe(400);
      expect((res.body.errors as Json[])[0]).toMatchObject({ errorId: 12007 });
    }
    const none = await search("limit=10");
    expect(none.status).toBe(400);
    expect((none.body.errors as Json[])[0]).toMatchObject({ errorId: 12001 });
  });

  it("filters by price with priceCurrency", async () => {
    const all = await search("q=laptop&limit=200");
    const some = await search(`q=laptop&limit=200&filter=${encodeURIComponent("price:[500..800],priceCurrency:USD")}`);
    expect(some.status).toBe(200);
    expect(some.body.warnings).toBeUndefined();
    expect(Number(some.body.total)).toBeGreaterThan(0);
    expect(Number(some.body.total)).toBeLessThan(Number(all.body.total));
    for (const s of summaries(some.body)) {
      const v = Number((s.price as Json).value);
      expect(v).toBeGreaterThanOrEqual(500);
      expect(v).toBeLessThanOrEqual(800);
    }
  });

  it("ignores an invalid filter with 200 and warnings[]", async () => {
    const all = await search("q=laptop&limit=5");
    for (const filter of ["price:[500..800]", "price:500-800,priceCurrency:USD", "colour:{Red}"]) {
      const res = await search(`q=laptop&limit=5&filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(all.body.total);
      expect(res.body.warnings).toEqual([
        expect.objectContaining({
          errorId: 12002,
          domain: "API_BROWSE",
          category: "REQUEST",
          message: expect.any(String),
        }),
      ]);
    }
  });

  it("filters by condition and sorts by price, -price and newlyListed", async () => {
    const used = await search(`q=iphone&limit=200&filter=${encodeURIComponent("conditionIds:{3000}")}`);
    for (const s of summaries(used.body)) expect(s.conditionId).toBe("3000");
    const prices = (body: Json) => summaries(body).map((s) => Number((s.price as Json).value));
    const up = prices((await search("q=headphones&limit=50&sort=price")).body);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    const down = prices((await search("q=headphones&limit=50&sort=-price")).body);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    const newest = summaries((await search("q=headphones&limit=50&sort=newlyListed")).body).map((s) =>
      String(s.itemCreationDate),
    );
    expect(newest).toEqual([...newest].sort().reverse());
    const bad = await search("q=headphones&limit=5&sort=cheapest");
    expect(bad.status).toBe(200);
    expect(bad.body.warnings).toEqual([expect.objectContaining({ errorId: 12003 })]);
  });

  it("finds by GTIN and by category id", async () => {
    const withGtin = listingsOf("ebay").find((l) => universeItemOf(l).gtin);
    const gtin = String(withGtin && universeItemOf(withGtin).gtin);
    const res = await search(`gtin=${gtin}`);
    expect(summaries(res.body).map((s) => s.itemId)).toContain(withGtin?.id);
    const tvs = await search("category_ids=11071&limit=200");
    expect(Number(tvs.body.total)).toBeGreaterThan(10);
    for (const s of summaries(tvs.body))
      expect(s.categories).toEqual([{ categoryId: "11071", categoryName: "Televisions" }]);
  });

  it("answers the same query with the same body", async () => {
    const a = await search("q=nike%20air%20max&limit=20");
    const b = await search("q=nike%20air%20max&limit=20");
    expect(a.text).toBe(b.text);
  });
});

describe("getItem", () => {
  it("adds brand, mpn, description, aspects and, on some listings, the GTIN", async () => {
    const withGtin = listingsOf("ebay").find((l) => l.gtin);
    const without = listingsOf("ebay").find((l) => !l.gtin);
    expect(withGtin && without).toBeTruthy();
    const a = await browse(`/buy/browse/v1/item/${encodeURIComponent(String(withGtin?.id))}`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      itemId: withGtin?.id,
      gtin: withGtin?.gtin,
      brand: withGtin?.brand,
      mpn: expect.any(String),
      description: expect.any(String),
      price: { value: expect.any(String), currency: "USD" },
      estimatedAvailabilities: [expect.objectContaining({ estimatedAvailabilityStatus: expect.any(String) })],
    });
    expect(a.body.localizedAspects).toEqual(
      expect.arrayContaining([{ type: "STRING", name: "Brand", value: withGtin?.brand }]),
    );
    const b = await browse(`/buy/browse/v1/item/${encodeURIComponent(String(without?.id))}`);
    expect(b.status).toBe(200);
    expect(b.body).not.toHaveProperty("gtin");
    const legacy = String(withGtin?.id).split("|")[1];
    const byLegacy = await browse(`/buy/browse/v1/item/get_item_by_legacy_id?legacy_item_id=${legacy}`);
    expect(byLegacy.body.itemId).toBe(withGtin?.id);
  });

  it("answers 404 for an unknown item and 400 for a malformed id", async () => {
    const missing = await browse(`/buy/browse/v1/item/${encodeURIComponent("v1|100000000000|0")}`);
    expect(missing.status).toBe(404);
    expect((missing.body.errors as Json[])[0]).toMatchObject({ errorId: 11001, domain: "API_BROWSE" });
    const bad = await browse("/buy/browse/v1/item/not-an-id");
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[])[0]).toMatchObject({ errorId: 11006 });
    expect(findListing("ebay", "v1|100000000000|0")).toBeUndefined();
  });
});

describe("switches", () => {
  it("fail: 500 with eBay's internal error", async () => {
    ebay.setMode({ fail: true });
    const res = await search("q=iphone");
    expect(res.status).toBe(500);
    expect((res.body.errors as Json[])[0]).toMatchObject({ errorId: 12000, category: "APPLICATION" });
  });

  it("malformed body: a non-JSON body under a JSON content type", async () => {
    ebay.setMode({ malformed: "body" });
    const res = await search("q=iphone");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("malformed items: some summaries lose or garble a field, the rest stay whole", async () => {
    const clean = summaries((await search("q=samsung&limit=40")).body);
    ebay.setMode({ malformed: "items" });
    const broken = summaries((await search("q=samsung&limit=40")).body);
    expect(broken).toHaveLength(clean.length);
    const damaged = broken.filter((s, i) => JSON.stringify(s) !== JSON.stringify(clean[i]));
    expect(damaged.length).toBeGreaterThan(0);
    expect(damaged.length).toBeLessThan(broken.length);
    expect(JSON.stringify(broken[0])).not.toBe(JSON.stringify(clean[0]));
    for (const s of damaged) {
      const price = s.price as Json | undefined;
      const priceOk = price && typeof price.value === "string" && /^\d/.test(price.value) && price.currency;
      expect(Boolean(priceOk) && typeof s.title === "string").toBe(false);
    }
  });

  it("latency: a fixed delay before each answer", async () => {
    ebay.setMode({ latencyMs: 150 });
    const t = performance.now();
    await search("q=iphone&limit=1");
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
  });

  it("slow: no answer within a caller's budget, and close() does not wait for it", async () => {
    const slow = await startEbay({
      clientId: "c",
      clientSecret: "s",
      mode: { latencyMs: 0, slow: true, slowMs: 30_000 },
    });
    const res = await fetch(`${slow.url}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: { ...form, authorization: basic("c", "s") },
      body: grant,
    });
    const t = ((await res.json()) as Json).access_token;
    const call = fetch(`${slow.url}/buy/browse/v1/item_summary/search?q=tv`, {
      headers: { authorization: `Bearer ${t}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow();
    const started = performance.now();
    await slow.close();
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("are set over HTTP: POST /__sim/mode changes some, refuses bad values, DELETE resets", async () => {
    const set = await fetch(`${ebay.url}/__sim/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fail: true, latencyMs: { min: 0, max: 5 } }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ fail: true, latencyMs: { min: 0, max: 5 }, malformed: "off" });
    expect((await search("q=iphone")).status).toBe(500);
    const bad = await fetch(`${ebay.url}/__sim/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fail: "yes" }),
    });
    expect(bad.status).toBe(400);
    expect(ebay.mode().fail).toBe(true);
    const reset = await fetch(`${ebay.url}/__sim/mode`, { method: "DELETE" });
    expect(await reset.json()).toMatchObject({ fail: false, latencyMs: { min: 50, max: 300 } });
  });
});
