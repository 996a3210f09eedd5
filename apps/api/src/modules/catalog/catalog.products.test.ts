import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { convertMinor, formatMinor } from "../../platform/money.ts";
import { makeCategory, makeMarketplace, makeProduct } from "./catalog.factories.ts";

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

const valid = { name: "Kikoy beach towel", description: "Handwoven cotton", price: "1499.00", stock: 3 };

async function post(payload: unknown, headers = admin) {
  return t.app.inject({ method: "POST", url: "/api/products", headers, payload: payload as object });
}

async function storedRow(id: string) {
  const [row] = await queryRows<{ status: string; archived_at: unknown; store_price_minor: number }>(
    t.ctx.db,
    sql`select status, archived_at, store_price_minor from catalog.products where id = ${id}`,
  );
  return row;
}

describe("product writes", () => {
  it("creates a house product and shows it in the contract shape", async () => {
    const cat = await makeCategory(t.ctx, t.modules, { name: "Textiles", slug: "textiles" });
    const res = await post({ ...valid, category: "textiles", rating: 4.5, rating_count: 12 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: "Kikoy beach towel",
      description: "Handwoven cotton",
      price: "1499.00",
      currency: "KES",
      store_price: "1499.00",
      store_currency: "KES",
      stock: 3,
      image_url: null,
      category: { id: cat.id, slug: "textiles", name: "Textiles" },
      marketplace: { code: "sokoni", name: "Sokoni" },
      external_id: null,
      product_url: null,
      available: true,
      in_stock: true,
      rating: 4.5,
      rating_count: 12,
      status: "active",
    });
    expect(Date.parse(body.created_at)).not.toBeNaN();
    const got = await t.app.inject({ method: "GET", url: `/api/products/${body.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(body);
  });

  it("accepts the price as a number and the category by id", async () => {
    const cat = await makeCategory(t.ctx, t.modules);
    const res = await post({ ...valid, price: 19.9, category: cat.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ price: "19.90", category: { id: cat.id } });
  });

  it("shows store_price converted at the fx rate for a USD product", async () => {
    const res = await post({ ...valid, price: "19.99", currency: "USD" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      price: "19.99",
      currency: "USD",
      store_price: "2588.71",
      store_currency: "KES",
    });
    expect(formatMinor(convertMinor(1999, "USD", "KES", "129.5"), "KES")).toBe("2588.71");
  });

  it.each([
    ["a negative price", { price: -1 }, "body.price", 400],
    ["a negative price string", { price: "-1.00" }, "body.price", 400],
    ["three decimals", { price: "10.999" }, "body.price", 400],
    ["a negative stock", { stock: -1 }, "body.stock", 400],
    ["a fractional stock", { stock: 1.5 }, "body.stock", 400],
    ["a malformed currency", { currency: "usd" }, "body.currency", 400],
    ["an unknown field", { colour: "red" }, "body", 400],
    ["a currency without fx rate", { currency: "JPY" }, "body.currency", 422],
    ["an unknown category", { category: "no-such-category" }, "body.category", 422],
    ["an unknown marketplace", { marketplace: "nowhere" }, "body.marketplace", 422],
  ])("refuses %s with a problem naming the field", async (_name, change, path, status) => {
    const res = await post({ ...valid, ...change });
    expect(res.statusCode).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, type: expect.stringContaining("https://"), title: expect.any(String) });
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("allows writes to admins only: 401 anonymous, 403 customer", async () => {
    const p = await makeProduct(t.ctx, t.modules);
    const calls = [
      { method: "POST", url: "/api/products", payload: valid },
      { method: "PUT", url: `/api/products/${p.id}`, payload: valid },
      { method: "PATCH", url: `/api/products/${p.id}`, payload: { stock: 1 } },
      { method: "DELETE", url: `/api/products/${p.id}` },
    ] as const;
    for (const call of calls) {
      const anon = await t.app.inject({ ...call });
      expect(anon.statusCode, `${call.method} anonymous`).toBe(401);
      expect(anon.json().code).toBe("UNAUTHORIZED");
      const cust = await t.app.inject({ ...call, headers: customer });
      expect(cust.statusCode, `${call.method} customer`).toBe(403);
    }
    expect((await t.modules.catalog.getProduct(t.ctx, p.id)).stock).toBe(5);
  });

  it("replaces a product with PUT (omitted fields back to defaults) and patches single fields", async () => {
    const p = await makeProduct(t.ctx, t.modules, { imageUrl: "https://img.example/a.png", stock: 9 });
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/products/${p.id}`,
      headers: admin,
      payload: { name: "Replaced", price: "5.00", currency: "USD" },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: "Replaced", image_url: null, stock: 0, in_stock: false, price: "5.00" });
    expect(put.json().store_price).toBe("647.50");
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/products/${p.id}`,
      headers: admin,
      payload: { stock: 2, price: 7 },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ name: "Replaced", stock: 2, in_stock: true, price: "7.00", currency: "USD" });
    expect(patch.json().store_price).toBe("906.50");
    const empty = await t.app.inject({ method: "PATCH", url: `/api/products/${p.id}`, headers: admin, payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: "PATCH",
      url: `/api/products/${newId()}`,
      headers: admin,
      payload: { stock: 1 },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("PRODUCT_NOT_FOUND");
  });

  it("refuses a second product with the same external id in one marketplace", async () => {
    const m = await makeMarketplace(t.ctx, t.modules);
    await makeProduct(t.ctx, t.modules, { marketplace: m.code, externalId: "X1", currency: "USD" });
    const res = await post({ ...valid, marketplace: m.code, external_id: "X1", currency: "USD" });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "PRODUCT_EXTERNAL_ID_TAKEN", errors: [{ path: "body.external_id" }] });
  });

  it("counts an external product in stock when available, whatever its stock", async () => {
    const m = await makeMarketplace(t.ctx, t.modules);
    const p = await makeProduct(t.ctx, t.modules, { marketplace: m.code, stock: 0, currency: "USD" });
    expect(p.inStock).toBe(true);
    const house = await makeProduct(t.ctx, t.modules, { stock: 0 });
    expect(house.inStock).toBe(false);
  });

  it("keeps a gallery of further pictures: set on create, replaced by PATCH, kept by other patches, checked", async () => {
    const pictures = ["https://img.example/side.png", "https://img.example/box.png"];
    const created = await post({ ...valid, image_url: "https://img.example/front.png", images: pictures });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ image_url: "https://img.example/front.png", images: pictures });
    const id = created.json().id as string;
    const patch = (payload: object) =>
      t.app.inject({ method: "PATCH", url: `/api/products/${id}`, headers: admin, payload });

    expect((await patch({ stock: 9 })).json().images).toEqual(pictures);
    expect((await patch({ images: ["https://img.example/back.png"] })).json().images).toEqual([
      "https://img.example/back.png",
    ]);
    const bad = await patch({ images: ["not a url"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/images/);
    const tooMany = await patch({ images: Array.from({ length: 13 }, (_, i) => `https://img.example/${i}.png`) });
    expect(tooMany.statusCode).toBe(400);
    const read = await t.app.inject({ method: "GET", url: `/api/products/${id}` });
    expect(read.json().images).toEqual(["https://img.example/back.png"]);
    // Without any, the gallery is empty, not missing.
    expect((await post(valid)).json().images).toEqual([]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await t.app.inject({ method: "GET", url: `/api/products/${newId()}` })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: "GET", url: "/api/products/not-a-uuid" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("params.id");
  });
});

describe("product delete", () => {
  it("hard-deletes a product nothing refers to", async () => {
    const p = await makeProduct(t.ctx, t.modules);
    const res = await t.app.inject({ method: "DELETE", url: `/api/products/${p.id}`, headers: admin });
    expect(res.statusCode).toBe(204);
    expect(await storedRow(p.id)).toBeUndefined();
  });

  it("archives a product that another table refers to, hiding it from the public", async () => {
    await t.ctx.db.execute(sql`create table if not exists test_refs(product_id uuid references catalog.products(id))`);
    const p = await makeProduct(t.ctx, t.modules, { name: "Referenced zebra lamp" });
    await t.ctx.db.execute(sql`insert into test_refs values (${p.id})`);
    const res = await t.app.inject({ method: "DELETE", url: `/api/products/${p.id}`, headers: admin });
    expect(res.statusCode).toBe(204);
    const row = await storedRow(p.id);
    expect(row?.status).toBe("archived");
    expect(row?.archived_at).not.toBeNull();
    expect(await t.modules.catalog.removeProduct(t.ctx, p.id)).toBe("archived"); // idempotent
    expect((await t.app.inject({ method: "GET", url: `/api/products/${p.id}` })).statusCode).toBe(404);
    const list = await t.app.inject({ method: "GET", url: "/api/products?q=zebra" });
    expect(list.json().total).toBe(0);
    const asAdmin = await t.app.inject({ method: "GET", url: `/api/products/${p.id}`, headers: admin });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().status).toBe("archived");
  });
});

describe("archive and restore", () => {
  it("archives and restores a product through PATCH status", async () => {
    const p = await makeProduct(t.ctx, t.modules);
    const url = `/api/products/${p.id}`;
    const archived = await t.app.inject({ method: "PATCH", url, headers: admin, payload: { status: "archived" } });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().status).toBe("archived");
    expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(404);
    const restored = await t.app.inject({
      method: "PATCH",
      url,
      headers: admin,
      payload: { status: "active", stock: 7 },
    });
    expect(restored.json()).toMatchObject({ status: "active", stock: 7 });
    expect((await storedRow(p.id))?.archived_at).toBeNull();
    expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(200);
  });
});

describe("fx rates", () => {
  it("seeds the demo defaults idempotently without overwriting a set rate", async () => {
    const c = t.modules.catalog;
    await c.setFxRate(t.ctx, "EUR", "141.25");
    await c.ensureDefaultFxRates(t.ctx);
    const rates = Object.fromEntries((await c.listFxRates(t.ctx)).map((r) => [r.currency, Number(r.rate)]));
    expect(rates).toMatchObject({ KES: 1, USD: 129.5, EUR: 141.25, GBP: 164, UGX: 0.035, TZS: 0.05 });
  });

  it("recomputes store prices of that currency's products when a rate changes", async () => {
    const c = t.modules.catalog;
    const usd = await makeProduct(t.ctx, t.modules, { price: "10.00", currency: "USD" });
    const kes = await makeProduct(t.ctx, t.modules, { price: "10.00" });
    const result = await c.setFxRate(t.ctx, "USD", "130.1234");
    expect(result.productsRepriced).toBeGreaterThan(0);
    expect((await c.getProduct(t.ctx, usd.id)).storePriceMinor).toBe(130123);
    expect((await c.getProduct(t.ctx, kes.id)).storePriceMinor).toBe(1000);
    await c.setFxRate(t.ctx, "USD", "129.5");
  });

  it("rounds in SQL exactly as convertMinor does (half up), across currencies with other digits", async () => {
    const c = t.modules.catalog;
    const cases: [string, string, string][] = [
      ["USD", "0.05", "129.5"], // 6.475 → 6.48
      ["USD", "0.01", "0.005"], // 0.00005 KES-cents → 0
      ["USD", "12345.67", "129.9999999999"],
      ["UGX", "1001", "0.035"], // UGX has 0 digits: 1001 UGX → 35.035 KES → 35.04
      ["TZS", "1003", "0.0515"], // TZS 2 digits
      ["EUR", "3.33", "140.15"],
    ];
    for (const [currency, price, rate] of cases) {
      await c.setFxRate(t.ctx, currency, rate);
      const p = await makeProduct(t.ctx, t.modules, { price, currency });
      const row = await storedRow(p.id);
      const expected = convertMinor(p.priceMinor, currency, "KES", rate);
      expect(p.storePriceMinor, `${price} ${currency} @ ${rate} (TS at create)`).toBe(expected);
      // Re-set the same rate: the SQL recomputation must land on the same number.
      await c.setFxRate(t.ctx, currency, rate);
      expect(Number((await storedRow(p.id))?.store_price_minor), `${price} ${currency} @ ${rate} (SQL)`).toBe(
        Number(row?.store_price_minor),
      );
    }
  });

  it("refuses a store-currency rate other than 1 and malformed rates", async () => {
    await expect(t.modules.catalog.setFxRate(t.ctx, "KES", "2")).rejects.toMatchObject({
      code: "STORE_CURRENCY_RATE_FIXED",
    });
    await expect(t.modules.catalog.setFxRate(t.ctx, "USD", "-1")).rejects.toMatchObject({ status: 400 });
  });
});

describe("fx rate routes", () => {
  it("lists rates publicly and lets only admins set one", async () => {
    const list = await t.app.inject({ method: "GET", url: "/api/fx-rates" });
    expect(list.statusCode).toBe(200);
    expect(list.json().store_currency).toBe("KES");
    expect(list.json().items.map((r: { currency: string }) => r.currency)).toContain("USD");
    const url = "/api/fx-rates/GBP";
    expect((await t.app.inject({ method: "PUT", url, payload: { rate: "165" } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "PUT", url, headers: customer, payload: { rate: "165" } })).statusCode).toBe(
      403,
    );
    const p = await makeProduct(t.ctx, t.modules, { price: "2.00", currency: "GBP" });
    const res = await t.app.inject({ method: "PUT", url, headers: admin, payload: { rate: 165.5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currency: "GBP", rate: "165.5", products_repriced: 1 });
    expect((await t.modules.catalog.getProduct(t.ctx, p.id)).storePriceMinor).toBe(33100);
    const bad = await t.app.inject({ method: "PUT", url, headers: admin, payload: { rate: "-2" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("body.rate");
    const store = await t.app.inject({ method: "PUT", url: "/api/fx-rates/KES", headers: admin, payload: { rate: 2 } });
    expect(store.statusCode).toBe(422);
  });
});

describe("inactive marketplaces", () => {
  it("leave their products out of listings", async () => {
    const m = await makeMarketplace(t.ctx, t.modules, { currency: "USD" });
    const p = await makeProduct(t.ctx, t.modules, { name: "Quokka plush", marketplace: m.code, currency: "USD" });
    expect((await t.app.inject({ method: "GET", url: "/api/products?q=quokka" })).json().total).toBe(1);
    await t.modules.marketplaces.upsertMarketplace(t.ctx, {
      code: m.code,
      name: m.name,
      kind: m.kind,
      currency: "USD",
      active: false,
    });
    expect((await t.app.inject({ method: "GET", url: "/api/products?q=quokka" })).json().total).toBe(0);
    expect((await t.app.inject({ method: "GET", url: `/api/products/${p.id}` })).statusCode).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("documents the catalog routes, with bearer security on admin ones", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(paths["/api/products"].post.security).toEqual([{ bearer: [] }]);
    expect(paths["/api/products"].get.tags).toEqual(["catalog"]);
    expect(paths["/api/categories"].get).toBeDefined();
    expect(paths["/api/marketplaces/{code}"].get).toBeDefined();
  });
});
