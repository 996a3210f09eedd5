import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { DEMO_MARKETPLACES } from "./demo-catalog.ts";
import { connectDemoMarketplaces, isLoopbackUrl } from "./demo-marketplaces.ts";

let t: TestApp;

const SIM = {
  apiBaseUrl: "http://127.0.0.1:41001",
  simulated: true,
  credentials: { client_id: "sim-id", client_secret: "sim-secret" },
};

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

// Each test starts from the demo rows as the seed writes them: no URL, no credentials.
beforeEach(async () => {
  for (const m of DEMO_MARKETPLACES) {
    await t.modules.marketplaces.upsertMarketplace(t.ctx, {
      code: m.code,
      name: m.name,
      kind: m.kind,
      currency: m.currency,
      apiBaseUrl: null,
      adapterConfig: {},
      active: true,
    });
    await t.modules.marketplaces.updateMarketplace(t.ctx, m.code, { credentials: null });
  }
});

describe("connectDemoMarketplaces", () => {
  it("points a demo store at its simulator with sealed credentials and adapter config", async () => {
    const outcomes = await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, {
      amazon: {
        apiBaseUrl: "http://127.0.0.1:41002",
        simulated: true,
        credentials: { access_key: "AKSIM", secret_key: "sim-secret-key" },
        adapterConfig: { partner_tag: "sim-20", region: "us-east-1" },
      },
    });
    expect(outcomes).toEqual([{ code: "amazon", outcome: "connected" }]);
    const settings = await t.modules.marketplaces.getAdapterSettings(t.ctx, "amazon");
    expect(settings).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:41002",
      adapterConfig: { partner_tag: "sim-20", region: "us-east-1" },
      credentials: { access_key: "AKSIM", secret_key: "sim-secret-key" },
    });
    // Sealed like an admin's: the row read for lists holds only the names.
    const row = await t.modules.marketplaces.getMarketplaceByCode(t.ctx, "amazon");
    expect(row.credentialNames).toEqual(["access_key", "secret_key"]);
    expect(JSON.stringify(row)).not.toContain("sim-secret-key");
  });

  it("re-points a store at a new simulator port on the next start", async () => {
    await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, { ebay: SIM });
    await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, {
      ebay: { ...SIM, apiBaseUrl: "http://localhost:41999" },
    });
    const settings = await t.modules.marketplaces.getAdapterSettings(t.ctx, "ebay");
    expect(settings.apiBaseUrl).toBe("http://localhost:41999");
    expect(settings.credentials).toEqual(SIM.credentials);
  });

  it("leaves a store an admin pointed at a real URL alone when the target is a simulator", async () => {
    await t.modules.marketplaces.updateMarketplace(t.ctx, "ebay", {
      apiBaseUrl: "https://api.ebay.com",
      credentials: { client_id: "real-id", client_secret: "real-secret" },
    });
    const outcomes = await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, { ebay: SIM });
    expect(outcomes).toEqual([{ code: "ebay", outcome: "kept" }]);
    const settings = await t.modules.marketplaces.getAdapterSettings(t.ctx, "ebay");
    expect(settings.apiBaseUrl).toBe("https://api.ebay.com");
    expect(settings.credentials).toEqual({ client_id: "real-id", client_secret: "real-secret" });
  });

  it("sets a configured URL but keeps the credentials and config an admin saved", async () => {
    await t.modules.marketplaces.updateMarketplace(t.ctx, "amazon", {
      adapterConfig: { partner_tag: "shop-21" },
      credentials: { access_key: "AKREAL", secret_key: "real-secret" },
    });
    await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, {
      amazon: {
        apiBaseUrl: "https://webservices.amazon.com",
        simulated: false,
        credentials: { access_key: "AKSIM", secret_key: "sim-secret-key" },
        adapterConfig: { partner_tag: "sim-20", region: "us-east-1" },
      },
    });
    const settings = await t.modules.marketplaces.getAdapterSettings(t.ctx, "amazon");
    expect(settings.apiBaseUrl).toBe("https://webservices.amazon.com");
    expect(settings.credentials).toEqual({ access_key: "AKREAL", secret_key: "real-secret" });
    expect(settings.adapterConfig).toEqual({ partner_tag: "shop-21", region: "us-east-1" });
  });

  it("fills the development credentials into a configured store that has none", async () => {
    await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, {
      jumia: { apiBaseUrl: "http://127.0.0.1:4015", simulated: false, credentials: { api_key: "sim-key" } },
    });
    const settings = await t.modules.marketplaces.getAdapterSettings(t.ctx, "jumia");
    expect(settings).toMatchObject({ apiBaseUrl: "http://127.0.0.1:4015", credentials: { api_key: "sim-key" } });
  });

  it("reports a demo store that is missing or of another kind and writes nothing", async () => {
    await t.modules.marketplaces.updateMarketplace(t.ctx, "jumia", { kind: "generic" });
    const outcomes = await connectDemoMarketplaces(t.ctx, t.modules.marketplaces, { jumia: SIM });
    expect(outcomes).toEqual([{ code: "jumia", outcome: "missing" }]);
    expect((await t.modules.marketplaces.getAdapterSettings(t.ctx, "jumia")).apiBaseUrl).toBeNull();
    await t.modules.marketplaces.updateMarketplace(t.ctx, "jumia", { kind: "jumia" });
  });
});

describe("isLoopbackUrl", () => {
  it("tells a simulator on this machine from a real store", () => {
    expect(isLoopbackUrl("http://127.0.0.1:4013")).toBe(true);
    expect(isLoopbackUrl("http://localhost:3000/x")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:4014")).toBe(true);
    expect(isLoopbackUrl("https://api.ebay.com")).toBe(false);
    expect(isLoopbackUrl("http://127.0.0.1.example.com")).toBe(false);
    expect(isLoopbackUrl("not a url")).toBe(false);
  });
});
