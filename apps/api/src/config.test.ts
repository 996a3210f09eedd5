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
