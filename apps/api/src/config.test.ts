import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "sokoni-config-"));

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.http.port).toBe(3000);
    expect(config.db.url).toBeUndefined();
    expect(config.bootstrap.seedDemo).toBe(true);
    expect(config.storeCurrency).toBe("KES");
    expect(config.env).toBe("development");
  });

  it("names the variable when a value is bad", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SEED_DEMO: "maybe" })).toThrow(/SEED_DEMO/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), LOG_LEVEL: "loud" })).toThrow(ConfigError);
  });

  it("requires JWT_SECRET in production", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
    const config = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: "production",
      JWT_SECRET: "s".repeat(40),
      MOCK_GATEWAY_SECRET: "m".repeat(32),
      MARKETPLACE_CREDENTIALS_KEY: "ab".repeat(32),
    });
    expect(config.auth.jwtSecret).toBe("s".repeat(40));
  });

  it("requires MOCK_GATEWAY_SECRET in production and defaults it in development", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: "production", JWT_SECRET: "s".repeat(40) })).toThrow(
      /MOCK_GATEWAY_SECRET/,
    );
    const dev = loadConfig({ DATA_DIR: dataDir() });
    expect(dev.payments.mockGateway).toEqual({ url: undefined, secret: expect.any(String) });
    expect(dev.payments.mockGateway.secret.length).toBeGreaterThanOrEqual(16);
    expect(() => loadConfig({ DATA_DIR: dataDir(), MOCK_GATEWAY_URL: "not a url" })).toThrow(/MOCK_GATEWAY_URL/);
  });

  it("reads MARKETPLACE_CREDENTIALS_KEY as hex or base64, requires it in production and keeps a development one", () => {
    const key = Buffer.alloc(32, 7);
    const hex = loadConfig({ DATA_DIR: dataDir(), MARKETPLACE_CREDENTIALS_KEY: key.toString("hex") });
    expect(hex.marketplaces.credentialsKeys.current).toEqual({ version: 1, key });
    const b64 = loadConfig({
      DATA_DIR: dataDir(),
      MARKETPLACE_CREDENTIALS_KEY: key.toString("base64"),
      MARKETPLACE_CREDENTIALS_KEY_VERSION: "3",
      MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS: `2:${Buffer.alloc(32, 2).toString("base64url")}`,
    });
    expect(b64.marketplaces.credentialsKeys).toEqual({
      current: { version: 3, key },
      previous: [{ version: 2, key: Buffer.alloc(32, 2) }],
    });
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), "zz".repeat(32)]) {
      expect(() => loadConfig({ DATA_DIR: dataDir(), MARKETPLACE_CREDENTIALS_KEY: bad })).toThrow(
        /MARKETPLACE_CREDENTIALS_KEY: must be 32 bytes/,
      );
    }
    expect(() => loadConfig({ DATA_DIR: dataDir(), MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS: "1:nope" })).toThrow(
      /MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS/,
    );
    expect(() =>
      loadConfig({ DATA_DIR: dataDir(), MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS: `1:${key.toString("hex")}` }),
    ).toThrow(/must not repeat/);
    expect(() =>
      loadConfig({
        DATA_DIR: dataDir(),
        NODE_ENV: "production",
        JWT_SECRET: "s".repeat(40),
        MOCK_GATEWAY_SECRET: "m".repeat(32),
      }),
    ).toThrow(/MARKETPLACE_CREDENTIALS_KEY: required when NODE_ENV=production/);
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).marketplaces.credentialsKeys.current.key;
    expect(first).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: dir }).marketplaces.credentialsKeys.current.key).toEqual(first);
    expect(readFileSync(path.join(dir, "marketplace-credentials-key"), "utf8").trim()).toBe(first.toString("base64"));
  });

  it("generates a development JWT secret once and keeps it in DATA_DIR", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).auth.jwtSecret;
    const second = loadConfig({ DATA_DIR: dir }).auth.jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(readFileSync(path.join(dir, "jwt-secret"), "utf8").trim()).toBe(first);
  });

  it("wants ADMIN_EMAIL and ADMIN_PASSWORD together", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ADMIN_EMAIL: "a@b.co" })).toThrow(/together/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "short" })).toThrow(
      /ADMIN_PASSWORD/,
    );
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: "" }).http.port).toBe(3000);
  });
});
