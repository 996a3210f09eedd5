import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { newId } from "../../platform/ids.ts";
import { makeProduct } from "./catalog.factories.ts";

let t: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
let customer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
  const token = async (role: "admin" | "staff" | "customer") => ({
    authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role })}`,
  });
  admin = await token("admin");
  staff = await token("staff");
  customer = await token("customer");
});
afterAll(() => t.close());

/** Three products named after `tag`, created oldest first; the middle one archived. */
async function threeProducts(tag: string) {
  const older = await makeProduct(t.ctx, t.modules, { name: `${tag} Kiondo basket` });
  const archived = await makeProduct(t.ctx, t.modules, {
    name: `${tag} Maasai shuka`,
    description: "Checked wool blanket",
  });
  const newer = await makeProduct(t.ctx, t.modules, { name: `${tag} Soapstone bowl` });
  await t.modules.catalog.updateProduct(t.ctx, archived.id, { status: "archived" });
  // Distinct creation times so "newest first" is observable.
  for (const [i, p] of [older, archived, newer].entries()) {
    await t.ctx.db.execute(
      sql`update catalog.products set created_at = now() - make_interval(mins => ${3 - i}) where id = ${p.id}`,
    );
  }
  return { older, archived, newer };
}

describe("listAdminProducts", () => {
  it("lists archived and active products, newest first, filtered by status", async () => {
    const { older, archived, newer } = await threeProducts("zq1");
    const list = (status: "active" | "archived" | "all") =>
      t.modules.catalog.listAdminProducts(t.ctx, { q: "zq1", status, page: 1, pageSize: 20 });

    const all = await list("all");
    expect(all.items.map((p) => p.id)).toEqual([newer.id, archived.id, older.id]);
    expect(all.total).toBe(3);
    const onlyArchived = await list("archived");
    expect(onlyArchived.items.map((p) => [p.id, p.status])).toEqual([[archived.id, "archived"]]);
    expect(onlyArchived.total).toBe(1);
    expect((await list("active")).items.map((p) => p.id)).toEqual([newer.id, older.id]);
    // The public listing hides the archived one.
    const pub = await t.modules.catalog.listProducts(t.ctx, { q: "zq1", page: 1, pageSize: 20 });
    expect(pub.items.map((p) => p.id)).not.toContain(archived.id);
  });

  it("matches part of a name or a word of the description, and pages with the full total", async () => {
    const { archived, newer } = await threeProducts("zq2");
    const find = (q: string, page = 1, pageSize = 20) =>
      t.modules.catalog.listAdminProducts(t.ctx, { q, status: "all", page, pageSize });
    expect((await find("zq2 soapst")).items.map((p) => p.id)).toEqual([newer.id]);
    expect((await find("zq2 blanket")).items.map((p) => p.id)).toEqual([archived.id]);
    // LIKE wildcards are plain characters.
    expect((await find("zq2%bowl")).total).toBe(0);
    const second = await find("zq2", 2, 2);
    expect(second.items).toHaveLength(1);
    expect(second.total).toBe(3);
  });
});

describe("GET /api/admin/products", () => {
  it("answers archived products in the product contract shape, for staff and admins", async () => {
    const { archived } = await threeProducts("zq3");
    for (const headers of [admin, staff]) {
      const res = await t.app.inject({ method: "GET", url: "/api/admin/products?q=zq3&status=archived", headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        items: [{ id: archived.id, name: "zq3 Maasai shuka", status: "archived", price: "100.00" }],
        page: 1,
        page_size: 20,
        total: 1,
      });
    }
  });

  it("reads current data on every request (nothing kept between requests)", async () => {
    const p = await makeProduct(t.ctx, t.modules, { name: "zq4 Kitenge dress" });
    const url = "/api/admin/products?q=zq4&status=archived";
    expect((await t.app.inject({ method: "GET", url, headers: admin })).json().total).toBe(0);
    // A change behind the module's back (another process) shows at once.
    await t.ctx.db.execute(sql`update catalog.products set status = 'archived' where id = ${p.id}`);
    expect((await t.app.inject({ method: "GET", url, headers: admin })).json().items[0].id).toBe(p.id);
  });

  it.each([
    ["an unknown status", "status=deleted", "querystring.status"],
    ["a page below 1", "page=0", "querystring.page"],
    ["a query too long", `q=${"x".repeat(201)}`, "querystring.q"],
  ])("refuses %s with a problem naming the parameter", async (_name, query, path) => {
    const res = await t.app.inject({ method: "GET", url: `/api/admin/products?${query}`, headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("is for staff and admins only: 401 anonymous, 403 customer", async () => {
    const anon = await t.app.inject({ method: "GET", url: "/api/admin/products" });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe("UNAUTHORIZED");
    const cust = await t.app.inject({ method: "GET", url: "/api/admin/products", headers: customer });
    expect(cust.statusCode).toBe(403);
    expect(cust.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });
});
