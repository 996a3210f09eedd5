import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { newId } from "../../platform/ids.ts";
import { makeCategory, makeProduct } from "./catalog.factories.ts";
import { slugify } from "./use-cases/categories.ts";

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

describe("categories module", () => {
  it("derives slugs from names", () => {
    expect(slugify("Phones & Tablets")).toBe("phones-tablets");
    expect(slugify("  Café Crème ")).toBe("cafe-creme");
    expect(slugify("!!!")).toBe("category");
  });

  it("lists the tree parents-first with depth and path", async () => {
    const c = t.modules.catalog;
    const root = await c.createCategory(t.ctx, { name: "Electronics" });
    const phones = await c.createCategory(t.ctx, { name: "Phones", parentId: root.id, position: 2 });
    const tvs = await c.createCategory(t.ctx, { name: "TVs", parentId: root.id, position: 1 });
    const smart = await c.createCategory(t.ctx, { name: "Smartphones", parentId: phones.id });
    const flat = await c.listCategories(t.ctx);
    const order = flat.map((x) => x.slug);
    expect(order.indexOf("electronics")).toBeLessThan(order.indexOf("tvs"));
    expect(order.indexOf("tvs")).toBeLessThan(order.indexOf("phones")); // position before name
    expect(order.indexOf("phones")).toBeLessThan(order.indexOf("smartphones"));
    expect(flat.find((x) => x.id === smart.id)).toMatchObject({
      depth: 2,
      path: ["electronics", "phones", "smartphones"],
      parentId: phones.id,
    });
    const detail = await c.getCategoryBySlug(t.ctx, "phones");
    expect(detail.ancestors.map((a) => a.slug)).toEqual(["electronics"]);
    expect(detail.children.map((a) => a.slug)).toEqual(["smartphones"]);
    expect(tvs.depth).toBe(1);
  });

  it("refuses cycles, unknown parents, taken slugs and deleting a parent", async () => {
    const c = t.modules.catalog;
    const a = await makeCategory(t.ctx, t.modules);
    const b = await makeCategory(t.ctx, t.modules, { parentId: a.id });
    await expect(c.updateCategory(t.ctx, a.id, { parentId: b.id })).rejects.toMatchObject({ code: "CATEGORY_CYCLE" });
    await expect(c.updateCategory(t.ctx, a.id, { parentId: a.id })).rejects.toMatchObject({ code: "CATEGORY_CYCLE" });
    await expect(c.createCategory(t.ctx, { name: "X", parentId: newId() })).rejects.toMatchObject({
      code: "PARENT_CATEGORY_NOT_FOUND",
      status: 422,
    });
    await expect(c.createCategory(t.ctx, { name: "Y", slug: a.slug })).rejects.toMatchObject({
      code: "CATEGORY_SLUG_TAKEN",
      status: 409,
    });
    await expect(c.removeCategory(t.ctx, a.id)).rejects.toMatchObject({ code: "CATEGORY_HAS_CHILDREN", status: 409 });
  });

  it("leaves products uncategorised when their category is deleted", async () => {
    const cat = await makeCategory(t.ctx, t.modules);
    const p = await makeProduct(t.ctx, t.modules, { category: cat.slug });
    expect(p.category?.id).toBe(cat.id);
    await t.modules.catalog.removeCategory(t.ctx, cat.id);
    expect((await t.modules.catalog.getProduct(t.ctx, p.id)).category).toBeNull();
  });
});

describe("categories routes", () => {
  it("lists flat by default and nested with format=tree", async () => {
    const flat = await t.app.inject({ method: "GET", url: "/api/categories" });
    expect(flat.statusCode).toBe(200);
    const phones = flat.json().items.find((x: { slug: string }) => x.slug === "phones");
    expect(phones).toMatchObject({ depth: 1, path: ["electronics", "phones"] });
    expect(phones.parent_id).toEqual(expect.any(String));
    const tree = await t.app.inject({ method: "GET", url: "/api/categories?format=tree" });
    expect(tree.statusCode).toBe(200);
    expect(tree.json().total).toBe(flat.json().total);
    const electronics = tree.json().items.find((x: { slug: string }) => x.slug === "electronics");
    expect(electronics.children.map((x: { slug: string }) => x.slug)).toEqual(["tvs", "phones"]);
    expect(electronics.children[1].children[0].slug).toBe("smartphones");
  });

  it("shows one category by slug and 404s an unknown one", async () => {
    const ok = await t.app.inject({ method: "GET", url: "/api/categories/smartphones" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().ancestors.map((a: { slug: string }) => a.slug)).toEqual(["electronics", "phones"]);
    const missing = await t.app.inject({ method: "GET", url: "/api/categories/nope" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "CATEGORY_NOT_FOUND" });
  });

  it("lets only admins write: 401 anonymous, 403 customer", async () => {
    const body = { name: "Garden" };
    const anon = await t.app.inject({ method: "POST", url: "/api/categories", payload: body });
    expect(anon.statusCode).toBe(401);
    const cust = await t.app.inject({ method: "POST", url: "/api/categories", payload: body, headers: customer });
    expect(cust.statusCode).toBe(403);
    expect(cust.json()).toMatchObject({ code: "FORBIDDEN", status: 403 });
    const id = newId();
    expect((await t.app.inject({ method: "PATCH", url: `/api/categories/${id}`, payload: body })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "DELETE", url: `/api/categories/${id}`, headers: customer })).statusCode).toBe(
      403,
    );
  });

  it("creates, renames, moves and deletes as admin", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/categories",
      headers: admin,
      payload: { name: "Home & Garden" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: "home-garden", depth: 0, parent_id: null });
    const id = created.json().id;
    const electronics = await t.modules.catalog.findCategoryBySlug(t.ctx, "electronics");
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/categories/${id}`,
      headers: admin,
      payload: { parent_id: electronics?.id, slug: "home" },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ slug: "home", depth: 1, path: ["electronics", "home"] });
    const del = await t.app.inject({ method: "DELETE", url: `/api/categories/${id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    const again = await t.app.inject({ method: "DELETE", url: `/api/categories/${id}`, headers: admin });
    expect(again.statusCode).toBe(404);
  });

  it("answers 409 for a taken slug, 409 for a parent with children, 422 for cycles, 400 for bad bodies", async () => {
    const dup = await t.app.inject({
      method: "POST",
      url: "/api/categories",
      headers: admin,
      payload: { name: "Another", slug: "phones" },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: "CATEGORY_SLUG_TAKEN", errors: [{ path: "body.slug" }] });
    const electronics = await t.modules.catalog.findCategoryBySlug(t.ctx, "electronics");
    const smart = await t.modules.catalog.findCategoryBySlug(t.ctx, "smartphones");
    const parent = await t.app.inject({ method: "DELETE", url: `/api/categories/${electronics?.id}`, headers: admin });
    expect(parent.statusCode).toBe(409);
    expect(parent.json().code).toBe("CATEGORY_HAS_CHILDREN");
    const cycle = await t.app.inject({
      method: "PATCH",
      url: `/api/categories/${electronics?.id}`,
      headers: admin,
      payload: { parent_id: smart?.id },
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: "CATEGORY_CYCLE", errors: [{ path: "body.parent_id" }] });
    const missingParent = await t.app.inject({
      method: "POST",
      url: "/api/categories",
      headers: admin,
      payload: { name: "Orphan", parent_id: newId() },
    });
    expect(missingParent.statusCode).toBe(422);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/categories",
      headers: admin,
      payload: { name: "", slug: "Bad Slug", extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.slug"]));
  });
});
