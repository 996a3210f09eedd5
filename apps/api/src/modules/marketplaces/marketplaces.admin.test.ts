import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ENV } from "../../../test/test-app.ts";
import { createTestDatabase } from "../../../test/test-db.ts";
import { buildApp, createModules, type Modules } from "../../app.ts";
import { type Config, loadConfig } from "../../config.ts";
import { type Ctx, systemCtx } from "../../platform/ctx.ts";
import { type Database, queryRows } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { createLogger } from "../../platform/log.ts";
import { makeProduct } from "../catalog/catalog.factories.ts";
import { CredentialsDecryptError, createMarketplacesModule } from "./index.ts";
import { createCredentialsCipher } from "./marketplaces.crypto.ts";

// The registry over HTTP (status, problem shape, authorization) and the credentials' life: sealed
// at rest, opened only by getAdapterSettings, never in a response body or a log line. The app logs
// at trace level into `logLines`, so every request's log is checked for the secrets.
const SECRET_ID = `id-${randomBytes(8).toString("hex")}`;
const SECRET = `secret-${randomBytes(12).toString("hex")}`;
const NEW_SECRET = `rotated-${randomBytes(12).toString("hex")}`;
const SECRETS = [SECRET_ID, SECRET, NEW_SECRET];

const logLines: string[] = [];
let app: FastifyInstance;
let database: Database;
let config: Config;
let modules: Modules;
let ctx: Ctx;
let admin: Record<string, string>;
let staff: Record<string, string>;
let customer: Record<string, string>;

beforeAll(async () => {
  config = loadConfig({ ...TEST_ENV, LOG_LEVEL: "trace", DATA_DIR: "/tmp/sokoni-test-data" });
  database = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger("trace", sink);
  modules = createModules(config);
  app = await buildApp({ config, database, logger, modules });
  // A careless handler logging a whole body: redaction must still hide the credentials.
  app.post("/api/test/log-body", async (req) => {
    req.log.info({ body: req.body }, "body received");
    return { ok: true };
  });
  await app.ready();
  ctx = systemCtx(database.db, logger, "test");
  await modules.marketplaces.ensureHouseMarketplace(ctx, "KES");
  const sign = async (role: "admin" | "staff" | "customer") => ({
    authorization: `Bearer ${await modules.tokens.sign({ userId: newId(), role })}`,
  });
  admin = await sign("admin");
  staff = await sign("staff");
  customer = await sign("customer");
});
afterAll(async () => {
  await app.close();
  await database.close();
});

let seq = 0;
function body(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    code: `ebay-${seq}`,
    name: `eBay ${seq}`,
    kind: "ebay",
    currency: "USD",
    api_base_url: "https://api.ebay.example",
    adapter_config: { marketplace_id: "EBAY_US" },
    credentials: { client_id: SECRET_ID, client_secret: SECRET },
    ...overrides,
  };
}

const inject = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, headers = admin, payload?: object) =>
  app.inject({ method, url, headers, payload });

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const json = res.json();
  expect(json).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  return json as { errors?: { path: string; message: string }[] };
}

function expectNoSecret(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

const count = async () =>
  (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from marketplaces.marketplaces`))[0]?.n;

describe("POST /api/admin/marketplaces", () => {
  it("registers a marketplace and answers with credential names, never values", async () => {
    const res = await inject(
      "POST",
      "/api/admin/marketplaces",
      admin,
      body({ code: "ebay-us", ships_to: "warehouse" }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expectNoSecret(res.body);
    expect(res.json()).toMatchObject({
      code: "ebay-us",
      kind: "ebay",
      ships_to: "warehouse",
      api_base_url: "https://api.ebay.example",
      adapter_config: { marketplace_id: "EBAY_US" },
      time_budget_ms: 1500,
      rate_limit_per_min: null,
      has_credentials: true,
      credential_names: ["client_id", "client_secret"],
      active: true,
    });
    expect(res.json()).not.toHaveProperty("credentials");
  });

  it("stores the credentials as AES-GCM ciphertext that opens with the configured key only", async () => {
    const [row] = await queryRows<{
      id: string;
      credentials_ciphertext: string;
      credentials_iv: string;
      credentials_tag: string;
      credentials_key_version: number;
    }>(database.db, sql`select * from marketplaces.marketplaces where code = 'ebay-us'`);
    if (!row) throw new Error("no row");
    const stored = JSON.stringify(row);
    expectNoSecret(stored);
    expectNoSecret(Buffer.from(row.credentials_ciphertext, "base64").toString("latin1"));
    expect(Buffer.from(row.credentials_iv, "base64")).toHaveLength(12);
    expect(Buffer.from(row.credentials_tag, "base64")).toHaveLength(16);
    expect(row.credentials_key_version).toBe(1);
    const sealed = {
      ciphertext: row.credentials_ciphertext,
      iv: row.credentials_iv,
      tag: row.credentials_tag,
      keyVersion: row.credentials_key_version,
    };
    expect(createCredentialsCipher(config.marketplaces.credentialsKeys).open(row.id, sealed)).toEqual({
      client_id: SECRET_ID,
      client_secret: SECRET,
    });
    const wrong = createCredentialsCipher({ current: { version: 1, key: randomBytes(32) }, previous: [] });
    expect(() => wrong.open(row.id, sealed)).toThrow(CredentialsDecryptError);
    expect(() => wrong.open(row.id, sealed)).toThrow(/do not decrypt with key version 1: the key is wrong/);
    // Bound to its row: the same ciphertext does not open as another marketplace's.
    expect(() => createCredentialsCipher(config.marketplaces.credentialsKeys).open(newId(), sealed)).toThrow(
      CredentialsDecryptError,
    );
  });

  it("refuses invalid bodies with 400 and errors[], storing nothing", async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [body({ code: "Bad Code" }), "code"],
      [body({ kind: "house" }), "kind"],
      [body({ currency: "usd" }), "currency"],
      [body({ ships_to: "abroad" }), "ships_to"],
      [body({ time_budget_ms: 50 }), "time_budget_ms"],
      [body({ api_base_url: "ftp://x.example" }), "api_base_url"],
      [body({ credentials: { "Client-ID": SECRET } }), "credentials.Client-ID"],
      [body({ credentials: { client_secret: 42 } }), "credentials.client_secret"],
      [body({ extra: true }), ""],
    ];
    for (const [payload, path] of cases) {
      const res = await inject("POST", "/api/admin/marketplaces", admin, payload);
      const problem = expectProblem(res, 400, "VALIDATION_FAILED");
      expect(problem.errors?.length, JSON.stringify(payload)).toBeGreaterThan(0);
      if (path) expect(problem.errors?.map((e) => e.path)).toContain(`body.${path}`);
      expectNoSecret(res.body);
    }
    expect(await count()).toBe(before);
  });

  it("answers 409 MARKETPLACE_CODE_TAKEN with the field, changing nothing", async () => {
    const res = await inject("POST", "/api/admin/marketplaces", admin, body({ code: "ebay-us", name: "Other" }));
    const problem = expectProblem(res, 409, "MARKETPLACE_CODE_TAKEN");
    expect(problem.errors).toEqual([{ path: "code", message: "is already taken" }]);
    expect((await modules.marketplaces.getMarketplaceByCode(ctx, "ebay-us")).name).not.toBe("Other");
  });
});

describe("authorization", () => {
  const routes: ["GET" | "POST" | "PATCH" | "DELETE", string, object?][] = [
    ["GET", "/api/admin/marketplaces"],
    ["GET", "/api/admin/marketplaces/ebay-us"],
    ["POST", "/api/admin/marketplaces", body({ code: "authz-x" })],
    ["PATCH", "/api/admin/marketplaces/ebay-us", { name: "Hijacked" }],
    ["DELETE", "/api/admin/marketplaces/ebay-us"],
  ];
  it("answers 401 without a token and 403 to staff and customers", async () => {
    const before = await modules.marketplaces.getMarketplaceByCode(ctx, "ebay-us");
    for (const [method, url, payload] of routes) {
      expectProblem(await inject(method, url, {}, payload), 401, "UNAUTHORIZED");
      expectProblem(await inject(method, url, staff, payload), 403, "FORBIDDEN");
      expectProblem(await inject(method, url, customer, payload), 403, "FORBIDDEN");
    }
    expect(await modules.marketplaces.getMarketplaceByCode(ctx, "ebay-us")).toEqual(before);
    expect(await modules.marketplaces.findMarketplaceByCode(ctx, "authz-x")).toBeUndefined();
  });
});

describe("admin and public reads", () => {
  it("lists every marketplace for admins with has_credentials and names only", async () => {
    const res = await inject("GET", "/api/admin/marketplaces");
    expect(res.statusCode).toBe(200);
    expectNoSecret(res.body);
    const byCode = new Map(res.json().items.map((m: { code: string }) => [m.code, m]));
    expect(byCode.get("ebay-us")).toMatchObject({
      has_credentials: true,
      credential_names: ["client_id", "client_secret"],
    });
    expect(byCode.get("sokoni")).toMatchObject({ kind: "house", has_credentials: false, credential_names: [] });
    const one = await inject("GET", "/api/admin/marketplaces/ebay-us");
    expect(one.json()).toMatchObject({ code: "ebay-us", has_credentials: true });
    expectNoSecret(one.body);
    expectProblem(await inject("GET", "/api/admin/marketplaces/nope"), 404, "MARKETPLACE_NOT_FOUND");
  });

  it("keeps the public reads free of settings and secrets, with ships_to", async () => {
    for (const url of ["/api/marketplaces", "/api/marketplaces/ebay-us"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expectNoSecret(res.body);
      expect(res.body).not.toMatch(/credential|api_base_url|adapter_config/);
    }
    const one = await app.inject({ method: "GET", url: "/api/marketplaces/ebay-us" });
    expect(Object.keys(one.json()).sort()).toEqual(
      [
        "active",
        "code",
        "currency",
        "description",
        "kind",
        "logo_url",
        "name",
        "rating",
        "ships_to",
        "website_url",
      ].sort(),
    );
    expect(one.json().ships_to).toBe("warehouse");
  });
});

describe("PATCH /api/admin/marketplaces/:code", () => {
  it("keeps the credentials when the body leaves them out", async () => {
    const res = await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, {
      name: "eBay US",
      time_budget_ms: 900,
      rate_limit_per_min: 300,
      ships_to: "warehouse",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: "eBay US",
      time_budget_ms: 900,
      rate_limit_per_min: 300,
      has_credentials: true,
    });
    const settings = await modules.marketplaces.getAdapterSettings(ctx, "ebay-us");
    expect(settings).toMatchObject({
      apiBaseUrl: "https://api.ebay.example",
      adapterConfig: { marketplace_id: "EBAY_US" },
      credentials: { client_id: SECRET_ID, client_secret: SECRET },
      timeBudgetMs: 900,
      rateLimitPerMin: 300,
    });
  });

  it("merges credentials by name, removes one with null, and all with credentials: null", async () => {
    const set = await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, {
      credentials: { client_secret: NEW_SECRET },
    });
    expect(set.statusCode, set.body).toBe(200);
    expectNoSecret(set.body);
    expect((await modules.marketplaces.getAdapterSettings(ctx, "ebay-us")).credentials).toEqual({
      client_id: SECRET_ID,
      client_secret: NEW_SECRET,
    });
    const drop = await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, { credentials: { client_id: null } });
    expect(drop.json().credential_names).toEqual(["client_secret"]);
    const clear = await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, { credentials: null });
    expect(clear.json()).toMatchObject({ has_credentials: false, credential_names: [] });
    expect((await modules.marketplaces.getAdapterSettings(ctx, "ebay-us")).credentials).toEqual({});
    await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, {
      credentials: { client_id: SECRET_ID, client_secret: SECRET },
    });
  });

  it("refuses invalid bodies with 400 and unknown codes with 404, changing nothing", async () => {
    const before = await modules.marketplaces.getMarketplaceByCode(ctx, "ebay-us");
    for (const payload of [{ rating: 7 }, { code: "renamed" }, { credentials: { "bad name": "x" } }, { ships_to: 1 }]) {
      const problem = expectProblem(
        await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, payload),
        400,
        "VALIDATION_FAILED",
      );
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    expect(await modules.marketplaces.getMarketplaceByCode(ctx, "ebay-us")).toEqual(before);
    expectProblem(
      await inject("PATCH", "/api/admin/marketplaces/nope", admin, { name: "X" }),
      404,
      "MARKETPLACE_NOT_FOUND",
    );
  });

  it("protects the house store's kind and activity but lets its details change", async () => {
    const kind = expectProblem(
      await inject("PATCH", "/api/admin/marketplaces/sokoni", admin, { kind: "generic" }),
      422,
      "HOUSE_MARKETPLACE_PROTECTED",
    );
    expect(kind.errors?.[0]?.path).toBe("kind");
    const off = expectProblem(
      await inject("PATCH", "/api/admin/marketplaces/sokoni", admin, { active: false }),
      422,
      "HOUSE_MARKETPLACE_PROTECTED",
    );
    expect(off.errors?.[0]?.path).toBe("active");
    expectProblem(
      await inject("PATCH", "/api/admin/marketplaces/ebay-us", admin, { kind: "house" }),
      422,
      "HOUSE_MARKETPLACE_PROTECTED",
    );
    const ok = await inject("PATCH", "/api/admin/marketplaces/sokoni", admin, { description: "Our own shelves" });
    expect(ok.json()).toMatchObject({ kind: "house", active: true, description: "Our own shelves" });
  });
});

describe("DELETE /api/admin/marketplaces/:code", () => {
  it("refuses the house store", async () => {
    expectProblem(await inject("DELETE", "/api/admin/marketplaces/sokoni"), 422, "HOUSE_MARKETPLACE_PROTECTED");
    expect(await modules.marketplaces.findMarketplaceByCode(ctx, "sokoni")).toBeDefined();
  });

  it("deletes a marketplace without products and says so", async () => {
    await inject("POST", "/api/admin/marketplaces", admin, body({ code: "empty-store" }));
    const res = await inject("DELETE", "/api/admin/marketplaces/empty-store");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: "empty-store", outcome: "deleted" });
    expectProblem(await inject("GET", "/api/admin/marketplaces/empty-store"), 404, "MARKETPLACE_NOT_FOUND");
    expectProblem(await inject("DELETE", "/api/admin/marketplaces/empty-store"), 404, "MARKETPLACE_NOT_FOUND");
  });

  it("deactivates a marketplace with products instead, hiding it from shoppers", async () => {
    await inject("POST", "/api/admin/marketplaces", admin, body({ code: "busy-store", currency: "KES" }));
    await makeProduct(ctx, modules, { marketplace: "busy-store" });
    const res = await inject("DELETE", "/api/admin/marketplaces/busy-store");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      code: "busy-store",
      outcome: "deactivated",
      detail: expect.stringMatching(/products/),
    });
    expect((await inject("GET", "/api/admin/marketplaces/busy-store")).json().active).toBe(false);
    const pub = await app.inject({ method: "GET", url: "/api/marketplaces" });
    expect(pub.json().items.map((m: { code: string }) => m.code)).not.toContain("busy-store");
  });
});

describe("credentials keys", () => {
  it("fails to open credentials with a wrong key with a clear error, and a PATCH merge answers 422", async () => {
    const other = createMarketplacesModule({
      credentialsKeys: { current: { version: 1, key: randomBytes(32) }, previous: [] },
    });
    await expect(other.getAdapterSettings(ctx, "ebay-us")).rejects.toThrow(CredentialsDecryptError);
    await expect(other.getAdapterSettings(ctx, "ebay-us")).rejects.toThrow(/key is wrong or the data was altered/);
    await expect(other.updateMarketplace(ctx, "ebay-us", { credentials: { client_id: "x" } })).rejects.toMatchObject({
      status: 422,
      code: "MARKETPLACE_CREDENTIALS_UNREADABLE",
    });
    const missing = createMarketplacesModule({
      credentialsKeys: { current: { version: 9, key: randomBytes(32) }, previous: [] },
    });
    await expect(missing.getAdapterSettings(ctx, "ebay-us")).rejects.toThrow(/No credentials key of version 1/);
  });

  it("reads with a previous key after rotation and re-seals with the current one on the next write", async () => {
    const rotated = createMarketplacesModule({
      credentialsKeys: {
        current: { version: 2, key: randomBytes(32) },
        previous: [config.marketplaces.credentialsKeys.current],
      },
    });
    expect((await rotated.getAdapterSettings(ctx, "ebay-us")).credentials.client_secret).toBe(SECRET);
    const updated = await rotated.updateMarketplace(ctx, "ebay-us", { credentials: { client_secret: NEW_SECRET } });
    expect(updated.credentialsKeyVersion).toBe(2);
    expect((await rotated.getAdapterSettings(ctx, "ebay-us")).credentials).toEqual({
      client_id: SECRET_ID,
      client_secret: NEW_SECRET,
    });
    await expect(modules.marketplaces.getAdapterSettings(ctx, "ebay-us")).rejects.toThrow(
      /No credentials key of version 2/,
    );
  });
});

describe("logs", () => {
  it("never carry a credential value, even when a handler logs the whole body", async () => {
    const logged = await app.inject({
      method: "POST",
      url: "/api/test/log-body",
      payload: { credentials: { client_id: SECRET_ID, client_secret: SECRET } },
    });
    expect(logged.statusCode).toBe(200);
    // A refused body with secrets in it is logged by the error path too.
    await inject(
      "POST",
      "/api/admin/marketplaces",
      admin,
      body({ code: "BAD", credentials: { client_secret: NEW_SECRET } }),
    );
    const all = logLines.join("");
    expect(all).toContain("body received");
    expect(all).toContain("[REDACTED]");
    expect(all).toContain("/api/admin/marketplaces");
    expectNoSecret(all);
  });
});
