import { describe, expect, it } from "vitest";
import { buildOffer, buildOffers, type OfferCandidate } from "./normalize.ts";

const good: OfferCandidate = {
  externalId: "B0TEST",
  title: " Galaxy A54 128GB ",
  price: "449.99",
  currency: "usd",
  productUrl: "https://shop.example/p/B0TEST",
  rating: "4.5",
  ratingCount: 120,
  gtin: "8806094725147",
  brand: "Samsung",
  weightGrams: 202.4,
};

describe("offer normalization", () => {
  it("keeps a sound item in the one offer shape, money in minor units", () => {
    expect(buildOffer(good)).toEqual({
      externalId: "B0TEST",
      title: "Galaxy A54 128GB",
      description: null,
      priceMinor: 44999,
      currency: "USD",
      imageUrl: null,
      productUrl: "https://shop.example/p/B0TEST",
      rating: 4.5,
      ratingCount: 120,
      availability: "unknown",
      gtin: "8806094725147",
      brand: "Samsung",
      weightGrams: 202,
      condition: "unknown",
      seller: null,
      category: null,
    });
  });

  it("drops an item without a required field and says why", () => {
    const { offers, dropped } = buildOffers([
      good,
      { ...good, externalId: "A", title: "" },
      { ...good, externalId: "B", price: "12.3.4" },
      { ...good, externalId: "C", price: -5 },
      { ...good, externalId: "D", currency: "XXQ" },
      { ...good, externalId: "E", productUrl: "javascript:alert(1)" },
      { ...good, externalId: undefined },
      { ...good, externalId: "F", price: "0.00" },
    ]);
    expect(offers.map((o) => o.externalId)).toEqual(["B0TEST"]);
    expect(dropped.map((d) => d.externalId)).toEqual(["A", "B", "C", "D", "E", undefined, "F"]);
    expect(dropped[0]?.reason).toMatch(/title/);
    expect(dropped[1]?.reason).toMatch(/price/);
    expect(dropped[3]?.reason).toMatch(/currency/);
    expect(dropped[4]?.reason).toMatch(/url/);
  });

  it("turns garbled optional fields into null instead of dropping the item", () => {
    const o = buildOffer({
      ...good,
      rating: "five",
      ratingCount: -1,
      gtin: "12AB",
      imageUrl: 42,
      weightGrams: "heavy",
    });
    expect(o).toMatchObject({ rating: null, ratingCount: null, gtin: null, imageUrl: null, weightGrams: null });
  });

  it("rescales ratings from another scale and reads minor-unit prices", () => {
    const o = buildOffer({ ...good, rating: 90, ratingScale: 100, price: 1999, priceIsMinor: true });
    expect(o).toMatchObject({ rating: 4.5, priceMinor: 1999 });
    expect(buildOffer({ ...good, price: 19.5, priceIsMinor: true })).toMatchObject({
      reason: expect.stringMatching(/minor/),
    });
  });

  it("refuses more decimals than the currency has", () => {
    expect(buildOffer({ ...good, price: "100.5", currency: "JPY" })).toMatchObject({ externalId: "B0TEST" });
    expect("priceMinor" in buildOffer({ ...good, price: "100.5", currency: "JPY" })).toBe(false);
  });
});
