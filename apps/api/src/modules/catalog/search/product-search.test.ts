import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/test-app.ts";
import { makeCategory, makeMarketplace, makeProduct } from "../catalog.factories.ts";
import { parseQuery } from "./product-search.ts";

let t: TestApp;
const names = {
  iphone: "Apple iPhone 15 Pro",
  galaxy: "Samsung Galaxy S24",
  tv: "Samsung Crystal UHD TV",
  caseP: "Leather phone case",
  charger: "Wireless charger",
  kitenge: "Kitenge fabric",
};

beforeAll(async () => {
  t = await createTestApp();
  const { ctx, modules } = t;
  await modules.catalog.ensureDefaultFxRates(ctx);
  const electronics = await makeCategory(ctx, modules, { name: "Electronics", slug: "electronics" });
  const phones = await makeCategory(ctx, modules, { name: "Phones", slug: "phones", parentId: electronics.id });
  await makeCategory(ctx, modules, { name: "Smartphones", slug: "smartphones", parentId: phones.id });
  await makeCategory(ctx, modules, { name: "TVs", slug: "tvs", parentId: electronics.id });
  await makeCategory(ctx, modules, { name: "Textiles", slug: "textiles" });
  const amazon = await makeMarketplace(ctx, modules, {
    code: "amazon",
    name: "Amazon",
    kind: "amazon",
    currency: "USD",
  });
  const jumia = await makeMarketplace(ctx, modules, { code: "jumia", name: "Jumia", kind: "jumia", currency: "KES" });
  // Created one after another: newest first is the reverse of this order.
  await makeProduct(ctx, modules, {
    name: names.iphone,
    description: "Titanium smartphone with the A17 chip",
    price: "150000",
    stock: 5,
    category: "smartphones",
    rating: 4.8,
  });
  await makeProduct(ctx, modules, {
    name: names.galaxy,
    description: "Android smartphone with a great camera",
    price: "899.00",
    currency: "USD", // 116420.50 KES at 129.5
    stock: 0,
    marketplace: amazon.code,
    externalId: "B0CS",
    category: "smartphones",
    rating: 4.6,
  });
  await makeProduct(ctx, modules, {
    name: names.tv,
    description: "55 inch television",
    price: "60000",
    stock: 0,
    category: "tvs",
  });
  await makeProduct(ctx, modules, {
    name: names.caseP,
    description: "Fits the iPhone 15 Pro",
    price: "1500",
    stock: 10,
    category: "phones",
    rating: 4.1,
  });
  await makeProduct(ctx, modules, {
    name: names.charger,
    description: "Charges Samsung and iPhone phones",
    price: "20.00",
    currency: "EUR", // 2800.00 KES at 140
    marketplace: jumia.code,
    externalId: "J-1",
    available: false,
    rating: 3.9,
  });
  await makeProduct(ctx, modules, {
    name: names.kitenge,
    description: "Colourful wax print",
    price: "800",
    stock: 2,
    category: "textiles",
  });
});
afterAll(() => t.close());

async function list(query: string) {
  const res = await t.app.inject({ method: "GET", url: `/api/products?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return { ...body, names: body.items.map((p: { name: string }) => p.name) as string[] };
}

describe("query parsing", () => {
  it("treats the last plain word as a prefix unless it ends a phrase, an exclusion or follows OR", () => {
    expect(parseQuery("samsung gal")).toMatchObject({ prefixWord: "gal", head: "samsung" });
    expect(parseQuery("samsung ")).toMatchObject({ prefixWord: undefined });
    expect(parseQuery('"phone case"').prefixWord).toBeUndefined();
    expect(parseQuery("samsung -tv").prefixWord).toBeUndefined();
    expect(parseQuery("kitenge or charger").prefixWord).toBeUndefined();
    expect(parseQuery('samsng -tv "x y" or z').fuzzyText).toBe("samsng x y z");
  });
});

describe("full-text search", () => {
  it("ranks a name match above a description-only match", async () => {
    const r = await list("q=iphone");
    expect(r.names).toContain(names.caseP);
    expect(r.names[0]).toBe(names.iphone);
    expect(r.names.indexOf(names.iphone)).toBeLessThan(r.names.indexOf(names.caseP));
    expect(r.total).toBe(r.items.length);
  });

  it("matches a quoted phrase exactly", async () => {
    const r = await list(`q=${encodeURIComponent('"phone case"')}`);
    expect(r.names).toEqual([names.caseP]);
  });

  it("excludes words after a minus", async () => {
    const r = await list(`q=${encodeURIComponent("samsung -tv")}`);
    expect(r.names).toContain(names.galaxy);
    expect(r.names).toContain(names.charger); // "Samsung" in its description
    expect(r.names).not.toContain(names.tv);
  });

  it("matches either side of OR", async () => {
    const r = await list(`q=${encodeURIComponent("kitenge or television")}`);
    expect(r.names.sort()).toEqual([names.tv, names.kitenge].sort());
  });

  it("matches the last word as a prefix while typing", async () => {
    const r = await list("q=sams");
    expect(r.names).toEqual(expect.arrayContaining([names.galaxy, names.tv]));
    const two = await list(`q=${encodeURIComponent("samsung gala")}`);
    expect(two.names[0]).toBe(names.galaxy);
    expect(two.names).not.toContain(names.tv);
  });

  it("forgives typos through trigram similarity when full-text finds nothing", async () => {
    expect((await list("q=iphnoe")).names[0]).toBe(names.iphone);
    const samsng = await list("q=samsng");
    expect(samsng.names).toEqual(expect.arrayContaining([names.galaxy, names.tv]));
    expect(samsng.names).not.toContain(names.kitenge);
    expect((await list("q=qwxzvbnm")).total).toBe(0);
  });
});

describe("typo tolerance paths", () => {
  const search = (q: string) => t.modules.catalog.listProducts(t.ctx, { q, page: 1, pageSize: 20 });

  it("corrects each word against the dictionary of name words, then searches again", async () => {
    const r = await search("samsng galxy");
    expect(r.mode).toBe("fuzzy");
    expect(r.items.map((p) => p.name)).toEqual([names.galaxy]);
    expect((await search("samsung")).mode).toBe("fulltext");
  });

  it("falls back to name similarity when the dictionary has nothing, and rebuilds the dictionary", async () => {
    await t.ctx.db.execute(sql`delete from catalog.search_words`);
    const r = await search("iphnoe");
    expect(r.mode).toBe("fuzzy");
    expect(r.items[0]?.name).toBe(names.iphone);
    await t.modules.catalog.rebuildSearchWords(t.ctx);
    const rows = await t.ctx.db.execute(sql`select word from catalog.search_words where word in ('iphone', 'kitenge')`);
    expect(rows.rows).toHaveLength(2);
  });
});

describe("filters", () => {
  it("filters by category including its sub-categories", async () => {
    expect((await list("category=smartphones")).names.sort()).toEqual([names.galaxy, names.iphone].sort());
    expect((await list("category=phones")).names.sort()).toEqual([names.caseP, names.galaxy, names.iphone].sort());
    expect((await list("category=electronics")).total).toBe(4);
    expect((await list("category=unknown-slug")).total).toBe(0);
  });

  it("filters by price in the store currency across product currencies", async () => {
    expect((await list("min_price=100000")).names.sort()).toEqual([names.galaxy, names.iphone].sort());
    expect((await list("min_price=116420.50&max_price=116420.50")).names).toEqual([names.galaxy]);
    expect((await list("max_price=2800")).names.sort()).toEqual([names.caseP, names.charger, names.kitenge].sort());
    expect((await list("min_price=2800.01&max_price=100000")).names).toEqual([names.tv]);
  });

  it("filters by availability: house products need stock, external ones need available", async () => {
    const inStock = await list("in_stock=true");
    expect(inStock.names.sort()).toEqual([names.caseP, names.galaxy, names.iphone, names.kitenge].sort());
    expect(inStock.items.every((p: { in_stock: boolean }) => p.in_stock)).toBe(true);
    expect((await list("in_stock=false")).names.sort()).toEqual([names.charger, names.tv].sort());
  });

  it("filters by marketplace code", async () => {
    expect((await list("marketplace=amazon")).names).toEqual([names.galaxy]);
    expect((await list("marketplace=sokoni")).total).toBe(4);
    expect((await list("marketplace=nowhere")).total).toBe(0);
  });

  it("filters by minimum rating, leaving unrated products out", async () => {
    expect((await list("min_rating=4.5")).names.sort()).toEqual([names.galaxy, names.iphone].sort());
    expect((await list("min_rating=0")).total).toBe(4);
  });

  it("combines search, filters and sort", async () => {
    const r = await list("q=samsung&in_stock=true&sort=price_asc");
    expect(r.names).toEqual([names.galaxy]);
  });
});

describe("sorting", () => {
  it("sorts by store price both ways", async () => {
    const asc = await list("sort=price_asc");
    expect(asc.names).toEqual([names.kitenge, names.caseP, names.charger, names.tv, names.galaxy, names.iphone]);
    expect((await list("sort=price_desc")).names).toEqual([...asc.names].reverse());
    expect(asc.items.map((p: { store_price: string }) => p.store_price)).toEqual([
      "800.00",
      "1500.00",
      "2800.00",
      "60000.00",
      "116420.50",
      "150000.00",
    ]);
  });

  it("sorts newest first by default and by rating with unrated last", async () => {
    const newest = await list("");
    expect(newest.names).toEqual([names.kitenge, names.charger, names.caseP, names.tv, names.galaxy, names.iphone]);
    expect((await list("sort=newest")).names).toEqual(newest.names);
    const rating = await list("sort=rating");
    expect(rating.names.slice(0, 4)).toEqual([names.iphone, names.galaxy, names.caseP, names.charger]);
    expect(rating.items.slice(4).map((p: { rating: number | null }) => p.rating)).toEqual([null, null]);
  });

  it("sorts by relevance by default when searching, by newest when asked", async () => {
    expect((await list("q=iphone")).names[0]).toBe(names.iphone);
    const newest = await list("q=iphone&sort=newest");
    expect(newest.names.indexOf(names.charger)).toBeLessThan(newest.names.indexOf(names.iphone));
    expect((await list("sort=relevance")).names[0]).toBe(names.kitenge); // no q: newest
  });
});

describe("pagination", () => {
  it("pages through with a stable order and the real total", async () => {
    const p1 = await list("sort=price_asc&page_size=4&page=1");
    const p2 = await list("sort=price_asc&page_size=4&page=2");
    expect(p1).toMatchObject({ page: 1, page_size: 4, total: 6 });
    expect(p1.items).toHaveLength(4);
    expect(p2.names).toEqual([names.galaxy, names.iphone]);
  });

  it("answers an empty page with the real total beyond the end", async () => {
    const r = await list("page=99&page_size=10");
    expect(r).toMatchObject({ items: [], page: 99, page_size: 10, total: 6 });
  });

  it("clamps page_size to 100", async () => {
    expect((await list("page_size=500")).page_size).toBe(100);
  });

  it.each([
    ["page=0", "querystring.page"],
    ["page_size=0", "querystring.page_size"],
    ["sort=cheapest", "querystring.sort"],
    ["min_price=10&max_price=5", "querystring.max_price"],
    ["min_price=-1", "querystring.min_price"],
    ["min_price=1.234", "querystring.min_price"],
    ["in_stock=maybe", "querystring.in_stock"],
    ["min_rating=6", "querystring.min_rating"],
  ])("refuses %s with a 400 problem", async (query, path) => {
    const res = await t.app.inject({ method: "GET", url: `/api/products?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
