import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { convertMinor } from "../../platform/money.ts";
import type { ImportProductRow } from "./index.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
});
afterAll(() => t.close());

function row(over: Partial<ImportProductRow>, marketplaceId: string): ImportProductRow {
  return {
    marketplaceId,
    categoryId: null,
    name: "Imported thing",
    description: "",
    priceMinor: 1000,
    currency: "KES",
    stock: 1,
    imageUrl: null,
    externalId: null,
    productUrl: null,
    available: true,
    rating: null,
    ratingCount: 0,
    ...over,
  };
}

describe("importProducts", () => {
  it("inserts in chunks, computes store prices in SQL, and skips known external ids", async () => {
    const { catalog, marketplaces } = t.modules;
    const house = await marketplaces.ensureHouseMarketplace(t.ctx, "KES");
    const ext = await marketplaces.upsertMarketplace(t.ctx, {
      code: "amazon",
      name: "Amazon",
      kind: "amazon",
      currency: "USD",
    });
    const cat = await catalog.createCategory(t.ctx, { name: "Bulk Goods" });
    expect(cat.slug).toBe("bulk-goods");
    const rows = Array.from({ length: 2500 }, (_, i) =>
      row({ name: `Bulk ${i}`, priceMinor: 1000 + i, categoryId: cat.id, createdAt: new Date(2024, 0, 1) }, house.id),
    );
    rows.push(row({ externalId: "B0001", currency: "USD", priceMinor: 1999, rating: "4.50", ratingCount: 7 }, ext.id));
    rows.push(row({ externalId: "B0001", currency: "USD", priceMinor: 2999 }, ext.id)); // duplicate in the batch
    expect(await catalog.importProducts(t.ctx, rows)).toBe(2501);
    expect(await catalog.importProducts(t.ctx, [row({ externalId: "B0001", currency: "USD" }, ext.id)])).toBe(0);
    expect(await catalog.countProducts(t.ctx)).toBe(2501);
    const [usd] = await queryRows<{ store_price_minor: number }>(
      t.ctx.db,
      sql`select store_price_minor from catalog.products where external_id = 'B0001'`,
    );
    expect(Number(usd?.store_price_minor)).toBe(convertMinor(1999, "USD", "KES", "129.5"));
  });

  it("refuses rows in a currency without an fx rate", async () => {
    const house = await t.modules.marketplaces.ensureHouseMarketplace(t.ctx, "KES");
    await expect(t.modules.catalog.importProducts(t.ctx, [row({ currency: "JPY" }, house.id)])).rejects.toMatchObject({
      code: "UNSUPPORTED_CURRENCY",
    });
  });
});
