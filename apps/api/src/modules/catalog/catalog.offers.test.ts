import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { makeMarketplace, makeProduct } from "./catalog.factories.ts";
import type { ImportProductRow } from "./index.ts";

let t: TestApp;
let admin: Record<string, string>;
let customer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
  admin = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "admin" })}` };
  customer = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "customer" })}` };
});
afterAll(() => t.close());

describe("relation tokens on product writes", () => {
  it("groups offers by GTIN in any printed form, and joins an offer without one by its attributes", async () => {
    const ebay = await makeMarketplace(t.ctx, t.modules, { kind: "ebay" });
    const amazon = await makeMarketplace(t.ctx, t.modules, { kind: "amazon" });
    const jumia = await makeMarketplace(t.ctx, t.modules, { kind: "jumia", currency: "KES" });
    const a = await makeProduct(t.ctx, t.modules, {
      name: "Apple iPhone 15 128GB Black Unlocked",
      marketplace: ebay.code,
      currency: "USD",
      price: "799.00",
      gtin: "0194253401186",
    });
    const b = await makeProduct(t.ctx, t.modules, {
      name: "Apple iPhone 15 (128 GB) - Blue",
      brand: "Apple",
      marketplace: amazon.code,
      currency: "USD",
      price: "779.00",
      gtin: "194253401186",
      rating: 4.6,
      ratingCount: 1200,
    });
    const c = await makeProduct(t.ctx, t.modules, {
      name: 'IPhone 15, 6.1", 128GB ROM, 5G - Pink + Free Case',
      marketplace: jumia.code,
      price: "98000.00",
    });
    const other = await makeProduct(t.ctx, t.modules, { name: "Apple iPhone 15 256GB Green", price: "130000.00" });

    expect(a.relationToken).toBe("gtin:00194253401186");
    expect(b.relationToken).toBe(a.relationToken);
    expect(c.relationToken).toBe(a.relationToken);
    expect(other.relationToken).not.toBe(a.relationToken);
    expect(a).toMatchObject({ gtin: "0194253401186", brand: "apple" });
    expect(b.brand).toBe("Apple");

    const offers = await t.modules.catalog.listOffers(t.ctx, c.id);
    expect(offers.items.map((p) => p.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const prices = offers.items.map((p) => p.storePriceMinor);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    expect(offers.cheapestId).toBe(offers.items[0]?.id);
    expect(offers.bestRatedId).toBe(b.id);
    expect(offers.minStorePriceMinor).toBe(Math.min(...prices));
    expect(offers.maxStorePriceMinor).toBe(Math.max(...prices));
  });

  it("never joins offers whose key attributes conflict", async () => {
    const tab64 = await makeProduct(t.ctx, t.modules, { name: "Samsung Galaxy Tab A8 10.5in 64GB Gray" });
    const tab128 = await makeProduct(t.ctx, t.modules, { name: "Samsung Galaxy Tab A8 10.5in 128GB Gray" });
    const s8 = await makeProduct(t.ctx, t.modules, { name: "Apple Watch Series 8 45mm GPS" });
    const s9 = await makeProduct(t.ctx, t.modules, { name: "Apple Watch Series 9 45mm GPS" });
    const pro = await makeProduct(t.ctx, t.modules, { name: "Google Pixel 8 Pro 128GB" });
    const plain = await makeProduct(t.ctx, t.modules, { name: "Google Pixel 8 128GB" });
    expect(tab64.relationToken).not.toBe(tab128.relationToken);
    expect(s8.relationToken).not.toBe(s9.relationToken);
    expect(pro.relationToken).not.toBe(plain.relationToken);
    expect((await t.modules.catalog.listOffers(t.ctx, tab64.id)).items.map((p) => p.id)).toEqual([tab64.id]);
  });

  it("joins an offer by its model code, or by title similarity when it has none, when nothing conflicts", async () => {
    const shop = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const first = await makeProduct(t.ctx, t.modules, {
      name: "JBL Flip 6 Waterproof Portable Bluetooth Speaker - Blue",
    });
    const second = await makeProduct(t.ctx, t.modules, { name: "JBL Flip 6 Speaker", marketplace: shop.code });
    const flip5 = await makeProduct(t.ctx, t.modules, { name: "JBL Flip 5 Bluetooth Speaker - Black" });
    expect(second.relationToken).toBe(first.relationToken);
    expect(flip5.relationToken).not.toBe(first.relationToken);

    const ultra = await makeProduct(t.ctx, t.modules, { name: "Bose QuietComfort Ultra Wireless Headphones - Black" });
    const ultra2 = await makeProduct(t.ctx, t.modules, {
      name: "Bose QuietComfort Ultra - Sandstone",
      marketplace: shop.code,
    });
    const qc = await makeProduct(t.ctx, t.modules, { name: "Bose QuietComfort Headphones - Black" });
    expect(ultra.relationToken).toMatch(/^title:bose\|/);
    expect(ultra2.relationToken).toBe(ultra.relationToken);
    expect(qc.relationToken).not.toBe(ultra.relationToken);
  });

  it("recomputes the token when a PATCH changes what the item is", async () => {
    const p = await makeProduct(t.ctx, t.modules, { name: "Sony WH-1000XM4 Headphones" });
    const xm5 = await makeProduct(t.ctx, t.modules, { name: "Sony WH-1000XM5 Noise Cancelling Headphones" });
    expect(p.relationToken).not.toBe(xm5.relationToken);
    const renamed = await t.modules.catalog.updateProduct(t.ctx, p.id, { name: "Sony WH-1000XM5 Headphones - Black" });
    expect(renamed.relationToken).toBe(xm5.relationToken);
    expect(renamed.brand).toBe("sony");
  });

  it("hides offers of a deactivated marketplace and archived offers", async () => {
    const gone = await makeMarketplace(t.ctx, t.modules);
    const shown = await makeProduct(t.ctx, t.modules, { name: "Anker PowerCore 20000mAh Power Bank" });
    const hidden = await makeProduct(t.ctx, t.modules, {
      name: "Anker PowerCore 20000 Portable Charger, 20000mAh Power Bank",
      marketplace: gone.code,
      currency: "USD",
      price: "40.00",
    });
    const archived = await makeProduct(t.ctx, t.modules, { name: "Anker PowerCore 20000mAh Power Bank Black" });
    expect(new Set([shown.relationToken, hidden.relationToken, archived.relationToken]).size).toBe(1);
    await t.modules.catalog.updateProduct(t.ctx, archived.id, { status: "archived" });
    await t.modules.marketplaces.updateMarketplace(t.ctx, gone.code, { active: false });
    const offers = await t.modules.catalog.listOffers(t.ctx, shown.id);
    expect(offers.items.map((p) => p.id)).toEqual([shown.id]);
    expect(offers.minStorePriceMinor).toBe(offers.maxStorePriceMinor);
  });

  it("sets gtin, brand and relation_token on imported rows", async () => {
    const house = await t.modules.marketplaces.ensureHouseMarketplace(t.ctx, "KES");
    const row = (over: Partial<ImportProductRow>): ImportProductRow => ({
      marketplaceId: house.id,
      categoryId: null,
      name: "Imported",
      description: "",
      priceMinor: 100_00,
      currency: "KES",
      stock: 1,
      imageUrl: null,
      externalId: null,
      productUrl: null,
      available: true,
      rating: null,
      ratingCount: 0,
      ...over,
    });
    await t.modules.catalog.importProducts(t.ctx, [
      row({ name: "Tecno Spark 20 8GB/128GB", externalId: "imp-1" }),
      row({ name: "TECNO SPARK 20 128GB 8GB Black", externalId: "imp-2" }),
      row({ name: "Duracell AA Batteries 4 Pack", gtin: "5000394203921", brand: "Duracell", externalId: "imp-3" }),
    ]);
    const rows = await queryRows<{ external_id: string; gtin: string | null; brand: string; relation_token: string }>(
      t.ctx.db,
      sql`select external_id, gtin, brand, relation_token from catalog.products where external_id like 'imp-%' order by external_id`,
    );
    expect(rows.map((r) => r.brand)).toEqual(["tecno", "tecno", "Duracell"]);
    expect(rows[0]?.relation_token).toBe(rows[1]?.relation_token);
    expect(rows[2]).toMatchObject({ gtin: "5000394203921", relation_token: "gtin:05000394203921" });
  });
});

describe("HTTP", () => {
  it("takes gtin and brand on create and shows them with the relation token", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: admin,
      payload: { name: "Oraimo FreePods 4", price: "3999.00", gtin: "6 953763 120116", brand: "Oraimo" },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      gtin: "6953763120116",
      brand: "Oraimo",
      relation_token: "gtin:06953763120116",
    });
  });

  it("answers 400 for a GTIN with a wrong check digit and stores nothing", async () => {
    const before = await t.modules.catalog.countProducts(t.ctx);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: admin,
      payload: { name: "Bad barcode", price: "10.00", gtin: "6953763120117" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().errors).toEqual([expect.objectContaining({ path: "body.gtin" })]);
    expect(await t.modules.catalog.countProducts(t.ctx)).toBe(before);
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/products/${(await makeProduct(t.ctx, t.modules)).id}`,
      headers: admin,
      payload: { gtin: "12345" },
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors).toEqual([expect.objectContaining({ path: "body.gtin" })]);
  });

  it("lists the offers of an item: cheapest, best rated and spread", async () => {
    const shop = await makeMarketplace(t.ctx, t.modules, { currency: "KES" });
    const cheap = await makeProduct(t.ctx, t.modules, { name: "Infinix Hot 40i 4GB RAM 128GB", price: "14000.00" });
    const rated = await makeProduct(t.ctx, t.modules, {
      name: "Infinix HOT 40i 128GB Starlit Black",
      price: "15500.50",
      marketplace: shop.code,
      rating: 4.8,
      ratingCount: 40,
    });
    const res = await t.app.inject({ method: "GET", url: `/api/products/${rated.id}/offers` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      relation_token: cheap.relationToken,
      total: 2,
      cheapest_id: cheap.id,
      best_rated_id: rated.id,
      min_store_price: "14000.00",
      max_store_price: "15500.50",
      spread: "1500.50",
      store_currency: "KES",
    });
    expect(res.json().items.map((p: { id: string }) => p.id)).toEqual([cheap.id, rated.id]);
  });

  it("answers 404 for an unknown or archived product, and shows an archived one to admins", async () => {
    const missing = await t.app.inject({ method: "GET", url: `/api/products/${newId()}/offers` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "PRODUCT_NOT_FOUND" });
    const p = await makeProduct(t.ctx, t.modules, { name: "Marshall Major IV Headphones" });
    await t.modules.catalog.updateProduct(t.ctx, p.id, { status: "archived" });
    const url = `/api/products/${p.id}/offers`;
    expect((await t.app.inject({ method: "GET", url, headers: customer })).statusCode).toBe(404);
    const asAdmin = await t.app.inject({ method: "GET", url, headers: admin });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json()).toMatchObject({ total: 1, cheapest_id: p.id, best_rated_id: null, spread: "0.00" });
  });
});
