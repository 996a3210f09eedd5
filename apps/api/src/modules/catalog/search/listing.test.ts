import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/test-app.ts";
import { queryRows } from "../../../platform/db.ts";
import { makeCategory, makeProduct } from "../catalog.factories.ts";
import { createTtlCache } from "./listing-cache.ts";

// Listing performance features (category ids from the cache, per-category index walks, kept
// totals and search pages, batched typo corrections) must never change what a listing answers.

let t: TestApp;
const sorts = ["newest", "price_asc", "price_desc", "rating"] as const;

beforeAll(async () => {
  t = await createTestApp();
  const { ctx, modules } = t;
  await modules.catalog.ensureDefaultFxRates(ctx);
  const root = await makeCategory(ctx, modules, { name: "Outdoor", slug: "outdoor" });
  const tents = await makeCategory(ctx, modules, { name: "Tents", slug: "tents", parentId: root.id });
  await makeCategory(ctx, modules, { name: "Dome tents", slug: "dome-tents", parentId: tents.id });
  await makeCategory(ctx, modules, { name: "Stoves", slug: "stoves", parentId: root.id });
  await makeCategory(ctx, modules, { name: "Books", slug: "books" });
  // 30 products over the tree, with ties on price and rating so that id must break them.
  const cats = ["outdoor", "tents", "dome-tents", "stoves", "books", null];
  for (let i = 0; i < 30; i++) {
    await makeProduct(ctx, modules, {
      name: `Trail item ${i}`,
      price: String(100 + (i % 7) * 50),
      rating: i % 4 === 0 ? null : 3 + (i % 3) * 0.5,
      ratingCount: i % 5,
      category: cats[i % cats.length],
    });
  }
});
afterAll(() => t.close());

async function list(query: string) {
  const res = await t.app.inject({ method: "GET", url: `/api/products?${query}` });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  return { ...body, ids: body.items.map((p: { id: string }) => p.id) as string[] };
}

/** Every active product, in a sort's order, computed independently of the listing code. */
async function expected(sort: (typeof sorts)[number], categorySlugs: string[] | null): Promise<string[]> {
  const order = {
    newest: sql`p.created_at desc, p.id desc`,
    price_asc: sql`p.store_price_minor asc, p.id asc`,
    price_desc: sql`p.store_price_minor desc, p.id desc`,
    rating: sql`p.rating desc nulls last, p.rating_count desc, p.id asc`,
  }[sort];
  const inCats = categorySlugs
    ? sql`and c.slug in (${sql.join(
        categorySlugs.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await queryRows<{ id: string }>(
    t.ctx.db,
    sql`select p.id from catalog.products p left join catalog.categories c on c.id = p.category_id
        where p.status = 'active' ${inCats} order by ${order}`,
  );
  return rows.map((r) => r.id);
}

describe("category pages", () => {
  it.each(sorts)("lists a parent category with all its sub-categories in %s order, page by page", async (sort) => {
    const want = await expected(sort, ["outdoor", "tents", "dome-tents", "stoves"]);
    expect(want.length).toBe(20);
    const got: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await list(`category=outdoor&sort=${sort}&page=${page}&page_size=6`);
      expect(r.total).toBe(20);
      got.push(...r.ids);
    }
    expect(got).toEqual(want);
  });

  it("lists a sub-tree of more than 32 categories (walked per category, then sorted) in each order", async () => {
    const { ctx, modules } = t;
    const big = await makeCategory(ctx, modules, { name: "Big", slug: "big" });
    const slugs = ["big"];
    for (let i = 0; i < 34; i++) {
      const c = await makeCategory(ctx, modules, { name: `Big ${i}`, slug: `big-${i}`, parentId: big.id });
      slugs.push(c.slug);
      if (i % 3 === 0) {
        await makeProduct(ctx, modules, { category: c.slug, price: String(50 + ((i * 37) % 11) * 10), rating: i % 5 });
      }
    }
    for (const sort of sorts) {
      const want = await expected(sort, slugs);
      const got = [
        ...(await list(`category=big&sort=${sort}&page=1&page_size=5`)).ids,
        ...(await list(`category=big&sort=${sort}&page=2&page_size=5`)).ids,
        ...(await list(`category=big&sort=${sort}&page=3&page_size=5`)).ids,
      ];
      expect(got).toEqual(want);
    }
    expect((await list("category=big")).total).toBe(12);
  });

  it("lists a leaf category and a middle one with their own sub-trees", async () => {
    expect((await list("category=dome-tents&sort=price_asc")).ids).toEqual(await expected("price_asc", ["dome-tents"]));
    const mid = await list("category=tents&sort=rating&page_size=100");
    expect(mid.ids).toEqual(await expected("rating", ["tents", "dome-tents"]));
    expect(mid.total).toBe(10);
  });

  it("answers a page beyond the end of a category with the real total", async () => {
    const r = await list("category=outdoor&page=50&page_size=10");
    expect(r).toMatchObject({ items: [], total: 20, page: 50 });
  });

  it("combines a category with other filters", async () => {
    const r = await list("category=outdoor&max_price=150&sort=price_desc");
    const prices = r.items.map((p: { store_price: string }) => Number(p.store_price));
    expect(prices.every((p: number) => p <= 150)).toBe(true);
    expect(r.total).toBe(r.items.length);
    expect(r.total).toBeGreaterThan(0);
  });

  it("sees a sub-category created after the parent was listed, with its products", async () => {
    const before = await list("category=outdoor&page_size=100");
    const tents = await t.modules.catalog.findCategoryBySlug(t.ctx, "tents");
    const hammocks = await makeCategory(t.ctx, t.modules, { name: "Hammocks", slug: "hammocks", parentId: tents?.id });
    const product = await makeProduct(t.ctx, t.modules, { name: "Parachute hammock", category: hammocks.slug });
    const after = await list("category=outdoor&page_size=100");
    expect(after.total).toBe(before.total + 1);
    expect(after.ids).toContain(product.id);
    expect((await list("category=hammocks")).ids).toEqual([product.id]);
    // Moving the sub-category out of the tree takes its products with it at once.
    await t.modules.catalog.updateCategory(t.ctx, hammocks.id, { parentId: null });
    expect((await list("category=outdoor&page_size=100")).total).toBe(before.total);
    await t.modules.catalog.removeProduct(t.ctx, product.id);
    await t.modules.catalog.removeCategory(t.ctx, hammocks.id);
  });

  it("finds a category created by another process, whose slug this process has never seen", async () => {
    await list("category=outdoor"); // the category cache is warm
    const id = "0191a1b2-0000-7000-8000-00000000c0de";
    await t.ctx.db.execute(
      sql`insert into catalog.categories (id, name, slug) values (${id}, 'Elsewhere', 'made-elsewhere')`,
    );
    const product = await makeProduct(t.ctx, t.modules, { name: "Remote thing", category: "made-elsewhere" });
    expect((await list("category=made-elsewhere")).ids).toEqual([product.id]);
  });

  it("matches nothing for an unknown slug", async () => {
    expect(await list("category=no-such-category")).toMatchObject({ items: [], total: 0 });
  });
});

describe("totals", () => {
  it("equals the exact count for each filter", async () => {
    const exact = async (where: ReturnType<typeof sql>) =>
      Number(
        (
          await queryRows<{ n: string }>(
            t.ctx.db,
            sql`select count(*) as n from catalog.products p where p.status = 'active' and ${where}`,
          )
        )[0]?.n,
      );
    expect((await list("page_size=5")).total).toBe(await exact(sql`true`));
    expect((await list("page_size=5&min_price=200")).total).toBe(await exact(sql`p.store_price_minor >= 20000`));
    expect((await list("page_size=5&min_rating=3.5")).total).toBe(await exact(sql`p.rating >= 3.5`));
    const trail = await exact(sql`p.name ilike '%trail%'`);
    expect((await list("page_size=5&q=trail")).total).toBe(trail);
    // A ranked page counts in the same scan; past the end, a separate count answers.
    expect(await list("page_size=5&page=2&q=trail&sort=price_asc")).toMatchObject({ total: trail });
    expect(await list("page_size=5&page=99&q=trail")).toMatchObject({ items: [], total: trail });
    expect((await list("page_size=5&q=trail&category=outdoor")).total).toBe(
      await exact(sql`p.name ilike '%trail%' and p.category_id in (select id from catalog.categories
        where slug in ('outdoor', 'tents', 'dome-tents', 'stoves', 'hammocks'))`),
    );
  });

  it("follows product writes through the module at once", async () => {
    const before = (await list("page_size=5")).total;
    const searched = (await list("q=trail&page_size=5")).total;
    const p = await makeProduct(t.ctx, t.modules, { name: "Trail lantern" });
    expect((await list("page_size=5")).total).toBe(before + 1);
    expect((await list("q=trail&page_size=5")).total).toBe(searched + 1);
    await t.modules.catalog.updateProduct(t.ctx, p.id, { status: "archived" });
    expect((await list("page_size=5")).total).toBe(before);
    expect((await list("q=trail&page_size=5")).total).toBe(searched);
    await t.modules.catalog.updateProduct(t.ctx, p.id, { status: "active" });
    expect((await list("page_size=5")).total).toBe(before + 1);
    await t.modules.catalog.removeProduct(t.ctx, p.id);
    expect((await list("page_size=5")).total).toBe(before);
  });

  it("may lag a raw SQL write for a few seconds, and invalidateListings() makes it exact", async () => {
    const before = (await list("page_size=5")).total;
    const [victim] = (await list("page_size=1&sort=price_asc")).ids;
    await t.ctx.db.execute(sql`update catalog.products set status = 'archived' where id = ${victim}`);
    expect((await list("page_size=5")).total).toBe(before); // kept total, documented lag
    t.modules.catalog.invalidateListings();
    expect((await list("page_size=5")).total).toBe(before - 1);
    await t.ctx.db.execute(sql`update catalog.products set status = 'active' where id = ${victim}`);
    t.modules.catalog.invalidateListings();
    expect((await list("page_size=5")).total).toBe(before);
  });

  it("never reports fewer rows than a full page shows, and a short page gives the exact total", async () => {
    const all = await list("page_size=100&sort=price_asc");
    const hidden = all.ids.slice(0, 5);
    const setStatus = (status: string) =>
      t.ctx.db.execute(
        sql`update catalog.products set status = ${status} where id in (${sql.join(
          hidden.map((id: string) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      );
    await setStatus("archived");
    t.modules.catalog.invalidateListings();
    expect((await list("page_size=5")).total).toBe(all.total - 5); // now kept
    await setStatus("active"); // raw SQL: the kept total is 5 short
    const full = await list(`page_size=5&page=${Math.ceil(all.total / 5) - 1}`);
    expect(full.items).toHaveLength(5);
    expect(full.total).toBeGreaterThanOrEqual((full.page - 1) * 5 + 5);
    const short = await list("page_size=100");
    expect(short.total).toBe(all.total); // a short page is exact, whatever was kept
    t.modules.catalog.invalidateListings();
  });
});

describe("kept answers", () => {
  it("answer with JSON that a second identical request gets unchanged", async () => {
    const a = await t.app.inject({ method: "GET", url: "/api/products?category=outdoor&page_size=3" });
    const b = await t.app.inject({ method: "GET", url: "/api/products?category=outdoor&page_size=3" });
    expect(a.headers["content-type"]).toMatch(/^application\/json/);
    expect(b.body).toBe(a.body);
    expect(a.json()).toMatchObject({ page: 1, page_size: 3, total: 20 });
  });

  it("show a renamed category and a renamed marketplace at once", async () => {
    const url = "/api/products?category=stoves&page_size=100";
    const before = (await t.app.inject({ method: "GET", url })).json();
    expect(before.items[0].category).toMatchObject({ slug: "stoves", name: "Stoves" });
    const stoves = await t.modules.catalog.findCategoryBySlug(t.ctx, "stoves");
    await t.modules.catalog.updateCategory(t.ctx, stoves?.id as string, { name: "Camp stoves" });
    const renamed = (await t.app.inject({ method: "GET", url })).json();
    expect(renamed.items.map((p: { category: { name: string } }) => p.category.name)).toEqual(
      before.items.map(() => "Camp stoves"),
    );
    await t.modules.marketplaces.upsertMarketplace(t.ctx, {
      code: "sokoni",
      name: "Sokoni Store",
      kind: "house",
      currency: "KES",
    });
    const market = (await t.app.inject({ method: "GET", url })).json();
    expect(market.items[0].marketplace).toEqual({ code: "sokoni", name: "Sokoni Store" });
  });
});

describe("typo corrections", () => {
  it("corrects several words in one statement and leaves no trigram setting behind", async () => {
    const r = await t.modules.catalog.listProducts(t.ctx, { q: "trai itme", page: 1, pageSize: 50 });
    expect(r.mode).toBe("fuzzy");
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.every((p) => p.name.startsWith("Trail item"))).toBe(true);
    // Cached corrections answer the same.
    const again = await t.modules.catalog.listProducts(t.ctx, { q: "trai itme", page: 1, pageSize: 50 });
    expect(again.items.map((p) => p.id)).toEqual(r.items.map((p) => p.id));
    const [gucs] = await queryRows<{ word: string; sim: string }>(
      t.ctx.db,
      sql`select current_setting('pg_trgm.similarity_threshold') as sim,
                 current_setting('pg_trgm.word_similarity_threshold') as word`,
    );
    expect(gucs).toEqual({ sim: "0.3", word: "0.6" });
  });

  it("answers a run-together query through the typo paths", async () => {
    const r = await t.modules.catalog.listProducts(t.ctx, { q: "trailitem", page: 1, pageSize: 5 });
    expect(r.mode).toBe("fuzzy");
    expect(r.items.length).toBeGreaterThan(0);
  });
});

describe("createTtlCache", () => {
  it("shares one load between concurrent callers and keeps it for the TTL", async () => {
    const cache = createTtlCache<number>({ maxEntries: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    expect(await Promise.all([cache.get("a", load), cache.get("a", load), cache.get("a", load)])).toEqual([42, 42, 42]);
    expect(await cache.get("a", load)).toBe(42);
    expect(loads).toBe(1);
  });

  it("reloads after the TTL, forgets failures, evicts the least recently used and clears", async () => {
    const expired = createTtlCache<number>({ maxEntries: 10, ttlMs: 0 });
    let n = 0;
    await expired.get("a", async () => ++n);
    expect(await expired.get("a", async () => ++n)).toBe(2);

    const cache = createTtlCache<number>({ maxEntries: 2, ttlMs: 60_000 });
    await expect(cache.get("x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get("x", async () => 1)).toBe(1);
    await cache.get("y", async () => 2);
    await cache.get("x", async () => 99); // x is now the most recently used
    await cache.get("z", async () => 3); // evicts y
    expect(cache.size).toBe(2);
    expect(await cache.get("x", async () => 100)).toBe(1);
    expect(await cache.get("y", async () => 20)).toBe(20);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.get("x", async () => 5)).toBe(5);
  });
});
