import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { makeMarketplace } from "./catalog.factories.ts";
import type { ExternalOfferInput } from "./use-cases/products.ts";

// What the aggregated search keeps of the marketplaces' answers (real database, parallel
// transactions on PostgreSQL's pool).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
});
afterAll(() => t.close());

let n = 0;
const offer = (over: Partial<ExternalOfferInput> = {}): ExternalOfferInput => ({
  externalId: `ext-${++n}`,
  title: "Samsung Galaxy A55 5G 128GB Awesome Navy",
  description: null,
  priceMinor: 39_900,
  currency: "USD",
  imageUrl: null,
  productUrl: "https://store.example/item",
  rating: 4.4,
  ratingCount: 120,
  availability: "in_stock",
  gtin: null,
  brand: "Samsung",
  ...over,
});
const rowsOf = (marketplaceId: string, externalId: string) =>
  queryRows<{ id: string; price_minor: number; relation_token: string }>(
    t.ctx.db,
    sql`select id, price_minor, relation_token from catalog.products
        where marketplace_id = ${marketplaceId} and external_id = ${externalId}`,
  );

describe("upsertOffers", () => {
  it("inserts new offers matched into items, and refreshes known ones in place", async () => {
    const ebay = await makeMarketplace(t.ctx, t.modules, { kind: "ebay", currency: "USD" });
    const jumia = await makeMarketplace(t.ctx, t.modules, { kind: "jumia", currency: "KES" });
    const phone = offer({ gtin: "8806095467696" });
    const first = await t.modules.catalog.upsertOffers(t.ctx, ebay.id, [phone]);
    const sameInKes = offer({
      gtin: "8806095467696",
      currency: "KES",
      priceMinor: 5_200_000,
      title: "Samsung A55 128GB",
    });
    const second = await t.modules.catalog.upsertOffers(t.ctx, jumia.id, [sameInKes]);
    const [a, b] = await Promise.all([
      t.modules.catalog.getProduct(t.ctx, first.ids[0] ?? ""),
      t.modules.catalog.getProduct(t.ctx, second.ids[0] ?? ""),
    ]);
    expect(a.relationToken).toBe(b.relationToken);
    expect(a).toMatchObject({ currency: "USD", priceMinor: 39_900, available: true, rating: "4.40" });

    const again = await t.modules.catalog.upsertOffers(t.ctx, ebay.id, [
      { ...phone, priceMinor: 37_500, availability: "out_of_stock" },
    ]);
    expect(again.ids).toEqual(first.ids);
    const refreshed = await t.modules.catalog.getProduct(t.ctx, first.ids[0] ?? "");
    expect(refreshed).toMatchObject({ priceMinor: 37_500, available: false, relationToken: a.relationToken });
  });

  it("leaves out an offer in a currency without an exchange rate, and says why", async () => {
    const store = await makeMarketplace(t.ctx, t.modules, { kind: "generic", currency: "USD" });
    const kept = offer();
    const { ids, skipped } = await t.modules.catalog.upsertOffers(t.ctx, store.id, [
      offer({ externalId: "xyz-1", currency: "XAF" }),
      kept,
    ]);
    expect(ids).toHaveLength(1);
    expect(skipped).toEqual([{ externalId: "xyz-1", reason: expect.stringContaining("XAF") }]);
    expect(await rowsOf(store.id, "xyz-1")).toEqual([]);
  });

  it("keeps one product when several searches bring the same new offer at once", async () => {
    const store = await makeMarketplace(t.ctx, t.modules, { kind: "ebay", currency: "USD" });
    const same = offer({ externalId: "race-1" });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.modules.catalog.upsertOffers(t.ctx, store.id, [same])),
    );
    const rows = await rowsOf(store.id, "race-1");
    expect(rows).toHaveLength(1);
    for (const r of results) expect(r.ids).toEqual([rows[0]?.id]);
  });
});
