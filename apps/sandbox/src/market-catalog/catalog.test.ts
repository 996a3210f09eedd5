import { describe, expect, it } from "vitest";
import {
  createSwitches,
  findListing,
  gtinCheckDigit,
  isValidGtin,
  type Listing,
  listingsOf,
  MARKETS,
  type Market,
  searchListings,
  universe,
  universeItemIdOf,
  universeItemOf,
} from "./index.ts";
import { hash01, seeded } from "./prng.ts";

const ids = (market: Market) => new Set(listingsOf(market).map((l) => l.universeItemId));

describe("the universe", () => {
  it("holds a couple of thousand items with unique ids", () => {
    const items = universe();
    expect(items.length).toBeGreaterThan(2000);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const categories = new Set(items.map((i) => i.category));
    for (const c of ["phone", "tablet", "laptop", "tv", "headphones", "shoes", "watch", "kitchen", "clothing"]) {
      expect(categories).toContain(c);
    }
  });

  it("gives most items a unique GTIN with a valid check digit", () => {
    const items = universe();
    const gtins = items.flatMap((i) => (i.gtin ? [i.gtin] : []));
    expect(gtins.length / items.length).toBeGreaterThan(0.75);
    expect(gtins.length).toBeLessThan(items.length);
    expect(new Set(gtins).size).toBe(gtins.length);
    for (const g of gtins) {
      expect(g).toMatch(/^\d{12,13}$/);
      expect(isValidGtin(g)).toBe(true);
    }
    expect(gtins.some((g) => g.length === 12)).toBe(true);
    expect(gtins.some((g) => g.length === 13)).toBe(true);
  });

  it("computes GS1 check digits", () => {
    // Published examples: EAN-13 4006381333931, UPC-A 036000291452.
    expect(gtinCheckDigit("400638133393")).toBe(1);
    expect(gtinCheckDigit("03600029145")).toBe(2);
    expect(isValidGtin("4006381333931")).toBe(true);
    expect(isValidGtin("4006381333932")).toBe(false);
  });

  it("contains the near-misses a matcher must keep apart", () => {
    const items = universe();
    const find = (pred: (i: (typeof items)[number]) => boolean) => items.find(pred);
    // Same model, other storage.
    const a = find((i) => i.model === "Galaxy Tab A8" && i.storage === "64GB" && i.colour === "Gray");
    const b = find((i) => i.model === "Galaxy Tab A8" && i.storage === "128GB" && i.colour === "Gray");
    expect(a && b && a.id !== b.id && a.gtin !== b.gtin).toBe(true);
    // Series 8 vs Series 9, same size and colour.
    const s8 = find((i) => i.edition === "Series 8" && i.size === "45mm" && i.colour === "Midnight");
    const s9 = find((i) => i.model === "Apple Watch Series 9" && i.size === "45mm" && i.colour === "Midnight");
    expect(s8?.family).toBe("Apple Watch");
    expect(s9?.family).toBe("Apple Watch");
    expect(s8?.id).not.toBe(s9?.id);
    // Levi's 501 vs 511, same size and colour; a men's and a women's shoe of one size.
    const jeans = items.filter((i) => i.family === "Levi's 5xx" && i.size === "W32 L32" && i.colour === "Rinse");
    expect(new Set(jeans.map((i) => i.model))).toEqual(new Set(["501 Original Fit Jeans", "511 Slim Fit Jeans"]));
    const shoes = items.filter((i) => i.model === "Air Force 1 '07" && i.size === "EU 40" && i.colour === "White");
    expect(new Set(shoes.map((i) => i.audience))).toEqual(new Set(["Men's", "Women's"]));
  });
});

describe("the marketplaces' listings", () => {
  it("overlap: each lists 55–80 % of the universe and every pair shares a large part", () => {
    const total = universe().length;
    for (const m of MARKETS) {
      const share = ids(m).size / total;
      expect(share).toBeGreaterThan(0.55);
      expect(share).toBeLessThan(0.8);
    }
    const [e, a, j] = [ids("ebay"), ids("amazon"), ids("jumia")];
    const both = (x: Set<string>, y: Set<string>) => [...x].filter((id) => y.has(id)).length;
    expect(both(e, a)).toBeGreaterThan(total * 0.4);
    expect(both(e, j)).toBeGreaterThan(total * 0.35);
    expect(both(a, j)).toBeGreaterThan(total * 0.35);
    expect([...e].filter((id) => a.has(id) && j.has(id)).length).toBeGreaterThan(total * 0.25);
  });

  it("gives each marketplace its own ids, currency and title style", () => {
    const ebay = listingsOf("ebay");
    const amazon = listingsOf("amazon");
    const jumia = listingsOf("jumia");
    for (const l of ebay) expect(l.id).toMatch(/^v1\|\d{12}\|0$/);
    for (const l of amazon) expect(l.id).toMatch(/^B0[A-Z0-9]{8}$/);
    for (const l of jumia) expect(l.id).toMatch(/^[A-Z]{2}\d{3}MP[A-Z0-9]{7}NAFAMZ$/);
    for (const m of MARKETS) expect(new Set(listingsOf(m).map((l) => l.id)).size).toBe(listingsOf(m).length);
    expect(new Set(ebay.map((l) => l.currency))).toEqual(new Set(["USD"]));
    expect(new Set(amazon.map((l) => l.currency))).toEqual(new Set(["USD"]));
    expect(new Set(jumia.map((l) => l.currency))).toEqual(new Set(["KES"]));
    // eBay titles are at most 80 characters; Amazon's read "Brand Model, attribute, colour - Kind".
    for (const l of ebay) expect(l.title.length).toBeLessThanOrEqual(80);
    for (const l of amazon) expect(l.title).toMatch(/, .* - /);
    const mean = (ls: readonly Listing[]) => ls.reduce((s, l) => s + l.title.length, 0) / ls.length;
    expect(mean(jumia)).toBeLessThan(mean(amazon));
    // Whole shillings on Jumia.
    for (const l of jumia) expect(l.priceMinor % 100).toBe(0);
  });

  it("prices the same item differently on each marketplace", () => {
    const amazonByItem = new Map(listingsOf("amazon").map((l) => [l.universeItemId, l]));
    const pairs = listingsOf("ebay")
      .filter((l) => l.condition === "New")
      .flatMap((l) => {
        const other = amazonByItem.get(l.universeItemId);
        return other ? [[l.priceMinor, other.priceMinor] as const] : [];
      });
    expect(pairs.length).toBeGreaterThan(500);
    expect(pairs.filter(([x, y]) => x !== y).length / pairs.length).toBeGreaterThan(0.9);
  });

  it("shows a GTIN often on Amazon, on about half of eBay's items and rarely on Jumia", () => {
    const rate = (m: Market) => listingsOf(m).filter((l) => l.gtin).length / listingsOf(m).length;
    expect(rate("amazon")).toBeGreaterThan(0.6);
    expect(rate("ebay")).toBeGreaterThan(0.35);
    expect(rate("ebay")).toBeLessThan(0.65);
    expect(rate("jumia")).toBeLessThan(0.25);
    expect(rate("jumia")).toBeGreaterThan(0);
    // A GTIN shown is always the item's own.
    for (const m of MARKETS) {
      for (const l of listingsOf(m)) if (l.gtin) expect(l.gtin).toBe(universeItemOf(l).gtin);
    }
  });

  it("exports the ground truth of every listing", () => {
    for (const m of MARKETS) {
      const first = listingsOf(m)[0] as Listing;
      expect(findListing(m, first.id)).toBe(first);
      expect(universeItemIdOf(m, first.id)).toBe(first.universeItemId);
      expect(universeItemOf(first).id).toBe(first.universeItemId);
    }
    expect(universeItemIdOf("ebay", "v1|0|0")).toBeUndefined();
  });

  it("lists near-misses on the same marketplace: the same phone in two storages", () => {
    const byModel = new Map<string, Set<string>>();
    for (const l of listingsOf("amazon")) {
      const item = universeItemOf(l);
      if (item.category !== "phone" || !item.storage) continue;
      const key = `${item.model}|${item.colour}`;
      byModel.set(key, (byModel.get(key) ?? new Set()).add(item.storage));
    }
    expect([...byModel.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10);
  });
});

describe("determinism", () => {
  it("draws the same numbers from the same keys", () => {
    expect(hash01("a", 1)).toBe(hash01("a", 1));
    expect(hash01("a", 1)).not.toBe(hash01("a", 2));
    const r1 = seeded("x");
    const r2 = seeded("x");
    expect([r1(), r1(), r1()]).toEqual([r2(), r2(), r2()]);
  });

  it("answers the same query with the same listings in the same order", () => {
    const first = searchListings("ebay", "iphone 15 128gb").map((l) => l.id);
    expect(first.length).toBeGreaterThan(0);
    expect(searchListings("ebay", "iphone 15 128gb").map((l) => l.id)).toEqual(first);
    // "128 GB" and "128GB" are the same words.
    expect(searchListings("ebay", "iPhone 15 128 GB").map((l) => l.id)).toEqual(first);
    for (const id of first) {
      const item = universeItemOf(findListing("ebay", id) as Listing);
      expect(item.storage).toBe("128GB");
      expect(item.model.startsWith("iPhone 15")).toBe(true);
    }
  });

  it("finds nothing for words no title has", () => {
    expect(searchListings("jumia", "zzqx nothing")).toEqual([]);
    expect(searchListings("jumia", "   ")).toEqual([]);
  });
});

describe("switches", () => {
  it("draw latency from the range by the request, and refuse bad values", () => {
    const s = createSwitches({ latencyMs: { min: 50, max: 300 } });
    const a = s.latencyFor("/search?q=a");
    expect(a).toBeGreaterThanOrEqual(50);
    expect(a).toBeLessThanOrEqual(300);
    expect(s.latencyFor("/search?q=a")).toBe(a);
    expect(s.setMode({ latencyMs: 7 }).latencyMs).toBe(7);
    expect(s.latencyFor("anything")).toBe(7);
    expect(() => s.setMode({ latencyMs: -1 })).toThrow();
    expect(() => s.setMode({ latencyMs: { min: 10, max: 5 } })).toThrow();
    expect(() => s.setMode({ malformed: "sometimes" } as never)).toThrow();
    expect(s.mode().latencyMs).toBe(7);
    expect(s.resetMode().latencyMs).toEqual({ min: 50, max: 300 });
  });

  it("garble the first result and some others only in malformed items mode", () => {
    const s = createSwitches();
    expect(s.garbles("x", 0)).toBe(false);
    s.setMode({ malformed: "items" });
    expect(s.garbles("x", 0)).toBe(true);
    const hit = listingsOf("ebay")
      .slice(0, 200)
      .filter((l, i) => s.garbles(l.id, i + 1)).length;
    expect(hit).toBeGreaterThan(20);
    expect(hit).toBeLessThan(100);
  });
});
