import { describe, expect, it } from "vitest";
import { parseProductImageKey } from "../media/product-image.ts";
import { LEAVES } from "./demo-catalog.ts";
import { generateDemoProducts } from "./demo-data.ts";

const NOW = new Date("2025-06-01T00:00:00Z");
const take = (n: number, seed?: number) => [...generateDemoProducts(n, { now: NOW, seed })];

describe("demo data generator", () => {
  it("gives the same rows for the same seed, and the first N rows do not depend on the total", () => {
    const a = take(200);
    expect(take(200)).toEqual(a);
    expect(take(1000).slice(0, 200)).toEqual(a);
    expect(take(200, 7)).not.toEqual(a);
  });

  it("yields exactly the number of rows asked for", () => {
    expect(take(0)).toHaveLength(0);
    expect(take(1)).toHaveLength(1);
    expect(take(777)).toHaveLength(777);
  });

  it("offers the same item at several marketplaces at different prices", () => {
    const rows = take(300);
    const byItem = new Map<string, typeof rows>();
    for (const row of rows) byItem.set(row.itemKey, [...(byItem.get(row.itemKey) ?? []), row]);
    const shared = [...byItem.values()].filter((offers) => new Set(offers.map((o) => o.marketplace)).size >= 2);
    expect(shared.length).toBeGreaterThan(50);
    for (const offers of shared) expect(new Set(offers.map((o) => o.name)).size).toBe(1);
    const prices = shared.flatMap((offers) => offers.filter((o) => o.currency === "KES").map((o) => o.priceMinor));
    expect(new Set(prices).size).toBeGreaterThan(1);
  });

  it("prices house and Jumia items in KES and Amazon and eBay items in USD", () => {
    for (const row of take(500)) {
      const expected = { sokoni: "KES", jumia: "KES", amazon: "USD", ebay: "USD" }[row.marketplace];
      expect(row.currency, row.marketplace).toBe(expected);
      expect(Number.isInteger(row.priceMinor) && row.priceMinor > 0).toBe(true);
    }
  });

  it("prices the house store in the store currency", () => {
    const house = [...generateDemoProducts(50, { now: NOW, houseCurrency: "USD" })].filter(
      (r) => r.marketplace === "sokoni",
    );
    expect(house.length).toBeGreaterThan(0);
    for (const row of house) expect(row.currency).toBe("USD");
  });

  it("produces believable, well-formed rows", () => {
    const rows = take(3000);
    expect(rows.filter((r) => r.images.length > 0).length).toBeGreaterThan(rows.length / 2);
    const yearAgo = NOW.getTime() - 366 * 86_400_000;
    const externalIds = new Set<string>();
    for (const row of rows) {
      expect(row.name.length).toBeGreaterThan(8);
      const sentences = row.description.split(/(?<=\.)\s/);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(3);
      expect(row.imageUrl).toMatch(/^\/media\/products\/[a-z0-9-]+\.svg$/);
      expect(parseProductImageKey(row.imageUrl.slice("/media/products/".length, -4))).toBeDefined();
      // The gallery adds the item on its box (unless the item is itself drawn as a box).
      for (const image of row.images) {
        expect(image).toMatch(/^\/media\/products\/box--[a-z0-9-]+\.svg$/);
        expect(parseProductImageKey(image.slice("/media/products/".length, -4))).toBeDefined();
        expect(image).not.toBe(row.imageUrl);
      }
      expect(row.createdAt.getTime()).toBeGreaterThan(yearAgo);
      expect(row.createdAt.getTime()).toBeLessThan(NOW.getTime());
      if (row.rating !== null) {
        expect(Number(row.rating)).toBeGreaterThanOrEqual(3);
        expect(Number(row.rating)).toBeLessThanOrEqual(5);
        expect(row.ratingCount).toBeGreaterThan(0);
      }
      if (row.marketplace === "sokoni") {
        expect(row.externalId).toBeNull();
        expect(row.stock).toBeGreaterThanOrEqual(0);
        expect(row.stock).toBeLessThanOrEqual(200);
        expect(row.available).toBe(row.stock > 0);
      } else {
        expect(row.externalId).toBeTruthy();
        expect(row.productUrl).toMatch(/^https:\/\//);
        const key = `${row.marketplace}:${row.externalId}`;
        expect(externalIds.has(key), key).toBe(false);
        externalIds.add(key);
      }
    }
    expect(rows.some((r) => r.marketplace === "sokoni" && r.stock === 0)).toBe(true);
    expect(new Set(rows.map((r) => r.categorySlug)).size).toBe(LEAVES.length);
  });
});
