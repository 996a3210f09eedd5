import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { newId } from "../../platform/ids.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("marketplaces module", () => {
  it("creates the house marketplace once, in the store currency", async () => {
    const a = await t.modules.marketplaces.ensureHouseMarketplace(t.ctx, "KES");
    const b = await t.modules.marketplaces.ensureHouseMarketplace(t.ctx, "KES");
    expect(a).toMatchObject({ code: "sokoni", kind: "house", currency: "KES", active: true });
    expect(b.id).toBe(a.id);
  });

  it("upserts by code and the cache sees the change at once", async () => {
    const m = t.modules.marketplaces;
    const created = await m.upsertMarketplace(t.ctx, {
      code: "jumia-ke",
      name: "Jumia Kenya",
      kind: "jumia",
      currency: "KES",
      rating: "4.20",
      websiteUrl: "https://www.jumia.co.ke",
    });
    expect((await m.findMarketplaceByCode(t.ctx, "jumia-ke"))?.name).toBe("Jumia Kenya");
    const updated = await m.upsertMarketplace(t.ctx, {
      code: "jumia-ke",
      name: "Jumia KE",
      kind: "jumia",
      currency: "KES",
    });
    expect(updated.id).toBe(created.id);
    expect(updated.websiteUrl).toBe("https://www.jumia.co.ke"); // omitted fields keep their value
    expect((await m.findMarketplaceByCode(t.ctx, "jumia-ke"))?.name).toBe("Jumia KE");
    expect((await m.getMarketplace(t.ctx, created.id)).code).toBe("jumia-ke");
  });

  it("throws MARKETPLACE_NOT_FOUND for an unknown id and finds nothing for an unknown code", async () => {
    await expect(t.modules.marketplaces.getMarketplace(t.ctx, newId())).rejects.toMatchObject({
      code: "MARKETPLACE_NOT_FOUND",
      status: 404,
    });
    expect(await t.modules.marketplaces.findMarketplaceByCode(t.ctx, "nope")).toBeUndefined();
  });

  it("lists inactive marketplaces only when asked", async () => {
    const m = t.modules.marketplaces;
    await m.upsertMarketplace(t.ctx, {
      code: "walmart",
      name: "Walmart",
      kind: "walmart",
      currency: "USD",
      active: false,
    });
    expect((await m.listMarketplaces(t.ctx)).items.map((x) => x.code)).not.toContain("walmart");
    expect((await m.listMarketplaces(t.ctx, { includeInactive: true })).items.map((x) => x.code)).toContain("walmart");
  });
});

describe("marketplaces routes", () => {
  it("lists active marketplaces publicly in the contract shape", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/marketplaces" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(body.items.length);
    const jumia = body.items.find((x: { code: string }) => x.code === "jumia-ke");
    expect(jumia).toEqual({
      code: "jumia-ke",
      name: "Jumia KE",
      kind: "jumia",
      description: "",
      logo_url: null,
      website_url: "https://www.jumia.co.ke",
      rating: 4.2,
      currency: "KES",
      ships_to: "warehouse",
      active: true,
    });
    expect(body.items.map((x: { code: string }) => x.code)).not.toContain("walmart");
  });

  it("refuses include_inactive to anyone but an admin", async () => {
    const anon = await t.app.inject({ method: "GET", url: "/api/marketplaces?include_inactive=true" });
    expect(anon.statusCode).toBe(403);
    const token = await t.modules.tokens.sign({ userId: newId(), role: "admin" });
    const res = await t.app.inject({
      method: "GET",
      url: "/api/marketplaces?include_inactive=true",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json().items.map((x: { code: string }) => x.code)).toContain("walmart");
  });

  it("shows one marketplace by code and answers 404 problem+json for unknown or inactive ones", async () => {
    const ok = await t.app.inject({ method: "GET", url: "/api/marketplaces/sokoni" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ code: "sokoni", kind: "house" });
    for (const code of ["unknown", "walmart"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/marketplaces/${code}` });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 404, code: "MARKETPLACE_NOT_FOUND" });
    }
  });
});
