import { listingsOf, MARKETS, universeItemOf } from "@sokoni/sandbox/market-catalog";
import { describe, expect, it } from "vitest";
import { scoreMatching } from "./evaluate.ts";
import { HELD_OUT_OFFERS } from "./held-out-offers.ts";
import { LABELLED_OFFERS } from "./labelled-offers.ts";
import { canonicalBrand, keyAttributes, normalizeTitle } from "./normalize.ts";
import {
  conflictOf,
  decide,
  groupOffers,
  matchKeyOf,
  relationTokenOf,
  sameItem,
  similarity,
} from "./relation-token.ts";

describe("normalizeTitle", () => {
  it("writes units one way", () => {
    for (const t of ["iPhone 15 128GB", "iPhone 15 128 GB", "iPhone 15 128 gb", "iPhone 15 128-GB"]) {
      expect(normalizeTitle(t)).toBe("iphone 15 128gb");
    }
    expect(normalizeTitle('Galaxy A55 6.6"')).toBe("galaxy a55 6.6in");
    expect(normalizeTitle("Galaxy A55 6.6-inch")).toBe("galaxy a55 6.6in");
    expect(normalizeTitle("Galaxy A55 6.6 Inches")).toBe("galaxy a55 6.6in");
    expect(normalizeTitle("Anker PowerCore 10,000mAh")).toBe("anker powercore 10000mah");
  });

  it("folds accents and case and removes marketing phrases", () => {
    expect(normalizeTitle("Écouteurs SONY + Free Case (2024 Model) Brand New")).toBe("ecouteurs sony");
    expect(normalizeTitle("Samsung Galaxy A55 (1 Year Warranty) Dual SIM")).toBe("samsung galaxy a55");
  });

  it("spells out memory and storage pairs and plus editions", () => {
    expect(normalizeTitle("Galaxy A55 8/256GB")).toBe("galaxy a55 8gb ram 256gb");
    expect(normalizeTitle("Galaxy A55 8GB + 128GB")).toBe("galaxy a55 8gb ram 128gb");
    expect(normalizeTitle("Galaxy S24+ 256GB")).toBe("galaxy s24 plus 256gb");
    expect(normalizeTitle("Sony WH-1000XM5")).toBe("sony wh1000xm5");
  });
});

describe("keyAttributes", () => {
  it("finds brand, model, storage, memory and screen", () => {
    const a = keyAttributes('Samsung Galaxy A55 5G, 6.6", 8GB RAM + 128GB - Awesome Navy (1 Year Warranty)');
    expect(a).toMatchObject({ brand: "samsung", model: ["a55"], storageGb: 128, memoryGb: 8, screenIn: 6.6 });
    expect(a.colours).toEqual(["awesome", "navy"]);
  });

  it("takes the smaller of two sizes as memory when RAM is not said", () => {
    expect(keyAttributes("Samsung Galaxy A55 128GB 8GB")).toMatchObject({ storageGb: 128, memoryGb: 8 });
    expect(keyAttributes("Samsung Galaxy Tab A8 4GB RAM 64GB")).toMatchObject({ storageGb: 64, memoryGb: 4 });
    expect(keyAttributes("MacBook Pro 1TB 16GB RAM")).toMatchObject({ storageGb: 1024, memoryGb: 16 });
  });

  it("names the brand from a product line or the first word when it is not a known one", () => {
    expect(keyAttributes("iPhone 15 Pro 256GB").brand).toBe("apple");
    expect(keyAttributes("Galaxy S24 Ultra").brand).toBe("samsung");
    expect(keyAttributes("Duracell Plus AA Batteries").brand).toBe("duracell");
    expect(keyAttributes("New Balance 574 Mens EU 42").brand).toBe("newbalance");
    expect(keyAttributes("Phone 128GB", "Apple Inc.").brand).toBe("apple");
    expect(canonicalBrand("Hewlett-Packard")).toBe("hp");
  });

  it("reads series, generation, editions, sizes, audience and pack", () => {
    expect(keyAttributes("Apple Watch Series 9 GPS 45mm")).toMatchObject({ series: 9, sizeMm: 45 });
    expect(keyAttributes("Apple AirPods Pro (2nd Generation)")).toMatchObject({ generation: 2, editions: ["pro"] });
    expect(keyAttributes("iPad 10th Gen")).toMatchObject({ generation: 10 });
    expect(keyAttributes("iPhone 15 Pro Max").editions).toEqual(["max", "pro"]);
    expect(keyAttributes("Nike Air Force 1 '07 Men's Sneakers - EU 42.5")).toMatchObject({
      size: "42.5",
      audience: "men",
    });
    expect(keyAttributes("Duracell AA Batteries, 8 Pack").pack).toBe(8);
    expect(keyAttributes("Duracell AA Batteries - Pack of 4").pack).toBe(4);
    expect(keyAttributes("Tecno Spark 20 Pro").model).toEqual(["spark20"]);
  });

  it("tells an accessory for an item from an item sold with one", () => {
    expect(keyAttributes("Silicone Case for iPhone 15").accessory).toBe("case");
    expect(keyAttributes("iPhone 15 Silicone Cover").accessory).toBe("case");
    expect(keyAttributes("Apple Watch Series 9 45mm Aluminium Case Sport Band").accessory).toBeUndefined();
    expect(keyAttributes("Anker PowerCore 20000 Portable Charger").accessory).toBeUndefined();
  });
});

describe("relationTokenOf", () => {
  it("uses the GTIN-14 when the GTIN is valid, whatever its printed length", () => {
    expect(relationTokenOf({ title: "Apple iPhone 15 128GB", gtin: "0194253401186" })).toBe("gtin:00194253401186");
    expect(relationTokenOf({ title: "iPhone 15", gtin: "194253401186" })).toBe("gtin:00194253401186");
  });

  it("falls back to brand, model and key attributes when the GTIN is missing or invalid", () => {
    const a = relationTokenOf({ title: "Apple iPhone 15 128GB Black (2024 Model) + Free Case" });
    const b = relationTokenOf({ title: "iPhone 15 128 GB - Pink", gtin: "0194253401187" });
    expect(a).toMatch(/^attr:apple\|iphone15\|128\|/);
    expect(a).toBe(b);
    expect(relationTokenOf({ title: "iPhone 15 256GB" })).not.toBe(a);
  });

  it("uses the words when no model is known", () => {
    expect(relationTokenOf({ title: "Duracell Plus AA Batteries, 4 Pack" })).toBe(
      relationTokenOf({ title: "DURACELL plus AA batteries (4 pcs)" }),
    );
  });
});

describe("matching", () => {
  const hardNegatives: [string, string, string][] = [
    ["Samsung Galaxy Tab A8 10.5in 64GB", "Samsung Galaxy Tab A8 10.5in 128GB", "storage"],
    ["Apple Watch Series 8 45mm GPS", "Apple Watch Series 9 45mm GPS", "series"],
    ["Apple iPhone 15 Pro 256GB", "Apple iPhone 15 256GB", "edition"],
    ["Apple iPhone 15 Pro Max 256GB", "Apple iPhone 15 Pro 256GB", "edition"],
    ["Samsung Galaxy A55 128GB", "Samsung Galaxy A35 128GB", "model"],
    ["Google Pixel 8 128GB", "Google Pixel 8a 128GB", "model"],
    ["Sony WH-1000XM5", "Sony WH-1000XM4", "model"],
    ["Apple AirPods Pro 2nd Gen", "Apple AirPods Pro 1st Gen", "generation"],
    ["Apple Watch Series 9 41mm", "Apple Watch Series 9 45mm", "size"],
    ["Nike Air Max 90 EU 42", "Nike Air Max 90 EU 43", "size"],
    ["Nike Air Force 1 Men's EU 42", "Nike Air Force 1 Women's EU 42", "audience"],
    ["Anker PowerCore 10000mAh", "Anker PowerCore 20000mAh", "capacity"],
    ["Duracell AA Batteries 4 Pack", "Duracell AA Batteries 8 Pack", "pack"],
    ["Silicone Case for iPhone 15", "Apple iPhone 15 128GB", "accessory"],
    ["Samsung Galaxy A55 8GB RAM 128GB", "Samsung Galaxy A55 6GB RAM 128GB", "memory"],
    ["Samsung Galaxy A55 128GB", "Xiaomi Galaxy A55 128GB", "brand"],
    ["Apple Watch Series 9 GPS 41mm", "Apple Watch Series 9 GPS + Cellular 41mm", "edition"],
    ["Nike Club Fleece Pullover Hoodie M Black", "Nike Club Fleece Pullover Hoodie XL Black", "size"],
    ["Spigen Ultra Hybrid case for Galaxy S24", "Spigen Ultra Hybrid case for Galaxy S24 Ultra", "accessory"],
    ["ESR Screen Protector for iPhone 14", "ESR Screen Protector for iPad (9th generation)", "accessory"],
    ["Philips Airfryer HD9270 5000 Series 6.2 L", "Philips Airfryer HD9270 3000 Series 6.2 L", "series"],
  ];
  it.each(hardNegatives)("keeps %s and %s apart (%s)", (a, b, reason) => {
    expect(conflictOf(keyAttributes(a), keyAttributes(b))).toBe(reason);
    expect(sameItem({ title: a }, { title: b })).toBe(false);
  });

  it("does not take a bare number shared by two models for one model code", () => {
    expect(
      sameItem(
        { title: "Mens Nike Air Force 1 '07 EU 42 White Trainers" },
        { title: "Mens Nike Air Jordan 1 Mid EU 42 Black/White Trainers" },
      ),
    ).toBe(false);
    expect(
      sameItem(
        { title: "LG C3 Series 55-Inch OLED evo 4K Smart TV OLED55C3PUA", brand: "LG" },
        { title: 'LG 55" OLED C3 4K Smart TV OLED55C3 - Black' },
      ),
    ).toBe(true);
  });

  it("keeps conflicting offers apart even when their titles are nearly the same", () => {
    const a = matchKeyOf({ title: "Samsung Galaxy Tab A8 10.5in 64GB Gray" });
    const b = matchKeyOf({ title: "Samsung Galaxy Tab A8 10.5in 128GB Gray" });
    expect(similarity(a.attrs, b.attrs)).toBe(1);
    expect(decide(a, b)).toMatchObject({ same: false, by: "conflict", reason: "storage" });
  });

  it("joins the same item across stores: by GTIN, by attributes, by similar titles", () => {
    expect(
      decide(matchKeyOf({ title: "x", gtin: "0194253401186" }), matchKeyOf({ title: "y", gtin: "194253401186" })),
    ).toMatchObject({ same: true, by: "gtin" });
    expect(
      decide(
        matchKeyOf({ title: "Apple iPhone 15 Pro (256 GB) - Natural Titanium" }),
        matchKeyOf({ title: "Apple IPhone 15 Pro 256GB Brand New + Free Case" }),
      ),
    ).toMatchObject({ same: true, by: "attributes" });
    expect(
      decide(
        matchKeyOf({ title: "JBL Flip 6 Waterproof Portable Bluetooth Speaker - Blue" }),
        matchKeyOf({ title: "JBL Flip 6 Speaker" }),
      ).same,
    ).toBe(true);
  });

  it("never joins a 64 GB and a 128 GB offer through one that states no storage", () => {
    const groups = groupOffers([
      { title: "Samsung Galaxy Tab A8 10.5in 64GB" },
      { title: "Samsung Galaxy Tab A8 10.5in" },
      { title: "Samsung Galaxy Tab A8 10.5in 128GB" },
    ]);
    expect(groups.length).toBe(2);
    expect(groups.map((g) => g.members.length).sort()).toEqual([1, 2]);
  });

  it("gives a group the token of its GTIN and an offer without one joins it", () => {
    const groups = groupOffers([
      { title: "iPhone 15 128 GB" },
      { title: "Apple iPhone 15 128GB Black", gtin: "0194253401186" },
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.token).toBe("gtin:00194253401186");
  });

  it("reaches precision ≥ 0.95 and recall ≥ 0.9 on the labelled sets", () => {
    const tuned = scoreMatching(LABELLED_OFFERS);
    expect(tuned.samePairs).toBeGreaterThanOrEqual(60);
    expect(tuned.hardNegatives).toBeGreaterThan(100);
    expect(tuned.precision).toBeGreaterThanOrEqual(0.95);
    expect(tuned.recall).toBeGreaterThanOrEqual(0.9);
    const heldOut = scoreMatching(HELD_OUT_OFFERS);
    expect(heldOut.precision).toBeGreaterThanOrEqual(0.95);
    expect(heldOut.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("meets the targets on the simulators' listings (truth: their universe item, any colour)", () => {
    const listings = MARKETS.flatMap((m) => listingsOf(m)).map((l) => {
      const u = universeItemOf(l);
      return {
        title: l.title,
        brand: l.brand,
        gtin: l.gtin,
        item: [u.brand, u.model, u.edition, u.storage, u.ram, u.size, u.audience].join("|"),
      };
    });
    const score = scoreMatching(listings);
    expect(score.offers).toBeGreaterThan(1000);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });
});
