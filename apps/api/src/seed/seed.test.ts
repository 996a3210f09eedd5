import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { mediaRoutes } from "../media/index.ts";
import type { Product } from "../modules/catalog/index.ts";
import { DEMO_LOGINS, isCatalogEmpty, type SeedSummary, seedDemo } from "./seed.ts";

let t: TestApp;
let summary: SeedSummary;
let products: Product[];

async function allProducts(): Promise<Product[]> {
  const items: Product[] = [];
  for (let page = 1; ; page++) {
    const result = await t.modules.catalog.listProducts(t.ctx, { page, pageSize: 100 });
    items.push(...result.items);
    if (result.items.length < 100) return items;
  }
}

beforeAll(async () => {
  t = await createTestApp(
    {},
    {
      // Until app.ts registers the media plugin, mount it here so image URLs can be fetched.
      configure(app) {
        if (!app.hasRoute({ method: "GET", url: "/media/products/:file" })) void app.register(mediaRoutes);
      },
    },
  );
  expect(await isCatalogEmpty(t.ctx, t.modules)).toBe(true);
  summary = await seedDemo(t.ctx, t.modules, { storeCurrency: "KES" });
  products = await allProducts();
});
afterAll(() => t?.close());

describe("seedDemo", () => {
  it("fills an empty catalog with at least 300 products", async () => {
    expect(summary.products).toBeGreaterThanOrEqual(300);
    expect(products.length).toBe(summary.products);
    expect(await isCatalogEmpty(t.ctx, t.modules)).toBe(false);
  });

  it("builds a category tree of at least 10 categories with parents and sub-categories", async () => {
    const tree = await t.modules.catalog.listCategoryTree(t.ctx);
    const all = tree.flatMap((parent) => [parent, ...parent.children]);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    for (const parent of tree) expect(parent.children.length).toBeGreaterThan(0);
    // Products sit in the leaves.
    const leafSlugs = new Set(tree.flatMap((p) => p.children.map((c) => c.slug)));
    expect(products.every((p) => p.category && leafSlugs.has(p.category.slug))).toBe(true);
  });

  it("registers the house store and Jumia-, Amazon- and eBay-like marketplaces", async () => {
    const { items } = await t.modules.marketplaces.listMarketplaces(t.ctx);
    const byCode = Object.fromEntries(items.map((m) => [m.code, m]));
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(byCode.sokoni).toMatchObject({ kind: "house", currency: "KES", shipsTo: "domestic" });
    expect(byCode.jumia).toMatchObject({ kind: "jumia", currency: "KES", shipsTo: "domestic", timeBudgetMs: 1200 });
    expect(byCode.amazon).toMatchObject({ kind: "amazon", currency: "USD", shipsTo: "warehouse", rateLimitPerMin: 60 });
    expect(byCode.ebay).toMatchObject({ kind: "ebay", currency: "USD", shipsTo: "warehouse", timeBudgetMs: 1500 });
    const used = new Set(products.map((p) => p.marketplace.code));
    expect(used).toEqual(new Set(["sokoni", "jumia", "amazon", "ebay"]));
  });

  it("prices products in both KES and USD", () => {
    const currencies = new Set(products.map((p) => p.currency));
    expect(currencies).toEqual(new Set(["KES", "USD"]));
  });

  it("points every product image at a locally generated SVG that the media route serves", async () => {
    expect(products.every((p) => p.imageUrl?.startsWith("/media/products/") && p.imageUrl.endsWith(".svg"))).toBe(true);
    const urls = [...new Set(products.map((p) => p.imageUrl as string))];
    for (const url of urls.slice(0, 40)) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    }
  });

  it("offers the same item at two or more marketplaces", () => {
    const marketplacesByName = new Map<string, Set<string>>();
    for (const p of products) {
      const set = marketplacesByName.get(p.name) ?? new Set<string>();
      set.add(p.marketplace.code);
      marketplacesByName.set(p.name, set);
    }
    const shared = [...marketplacesByName.values()].filter((s) => s.size >= 2);
    expect(shared.length).toBeGreaterThanOrEqual(30);
  });

  it("gives marketplace items an external id and product URL, and house items stock", () => {
    for (const p of products) {
      if (p.marketplace.code === "sokoni") {
        expect(p.stock).toBeGreaterThanOrEqual(0);
        expect(p.stock).toBeLessThanOrEqual(200);
      } else {
        expect(p.externalId).toBeTruthy();
        expect(p.productUrl).toMatch(/^https:\/\//);
      }
    }
    expect(products.some((p) => p.marketplace.code === "sokoni" && p.stock === 0)).toBe(true);
  });

  it("creates the demo customer and admin, who can sign in", async () => {
    for (const login of DEMO_LOGINS) {
      const session = await t.modules.identity.login(t.ctx, { login: login.email, password: login.password });
      expect(session.user).toMatchObject({ email: login.email, role: login.role, username: login.username });
    }
  });

  it("is safe to run again: nothing is duplicated", async () => {
    const again = await seedDemo(t.ctx, t.modules, { storeCurrency: "KES" });
    expect(again).toMatchObject({ products: 0, categories: summary.categories });
    expect(await t.modules.catalog.countProducts(t.ctx)).toBe(products.length);
    expect((await t.modules.catalog.listCategories(t.ctx)).length).toBe(summary.categories);
  });
});
