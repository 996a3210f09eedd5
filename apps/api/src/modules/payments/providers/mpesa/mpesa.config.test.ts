import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../config.ts";
import { mpesaHookBase } from "./mpesa.provider.ts";

const base = {
  NODE_ENV: "test",
  JWT_SECRET: "test-secret-that-is-long-enough-0123456789",
  DATA_DIR: "/tmp/sokoni-test-data",
};

describe("M-Pesa configuration", () => {
  it("defaults to the public sandbox and a callback URL Daraja accepts (no mpesa/safaricom in it)", () => {
    const { mpesa } = loadConfig(base).payments;
    expect(mpesa).toMatchObject({
      env: "sandbox",
      baseUrl: undefined,
      shortcode: "174379",
      hookPrefix: "/api/payhooks",
    });
    expect(mpesaHookBase(mpesa)).not.toMatch(/mpesa|safaricom/i);
    expect(loadConfig({ ...base, MPESA_ENV: "production" }).payments.mpesa.baseUrl).toBe("https://api.safaricom.co.ke");
  });

  it("refuses a hook prefix, secret or callback base that Daraja would refuse", () => {
    expect(() => loadConfig({ ...base, MPESA_HOOK_PREFIX: "/api/mpesa" })).toThrow(/MPESA_HOOK_PREFIX/);
    expect(() => loadConfig({ ...base, MPESA_CALLBACK_SECRET: "my-mpesa-secret-123456" })).toThrow(
      /MPESA_CALLBACK_SECRET/,
    );
    expect(() => loadConfig({ ...base, MPESA_CALLBACK_BASE_URL: "https://safaricom-shop.example" })).toThrow(
      /MPESA_CALLBACK_BASE_URL/,
    );
  });

  it("is off in production unless MPESA_CONSUMER_KEY is set, and then needs its secrets", () => {
    const prod = {
      ...base,
      NODE_ENV: "production",
      MOCK_GATEWAY_SECRET: "x".repeat(16),
      // Production also needs the key sealing marketplace credentials (32 bytes, base64).
      MARKETPLACE_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString("base64"),
    };
    expect(loadConfig(prod).payments.mpesa.baseUrl).toBeUndefined();
    expect(() => loadConfig({ ...prod, MPESA_CONSUMER_KEY: "key" })).toThrow(
      /MPESA_CONSUMER_SECRET[\s\S]*MPESA_PASSKEY[\s\S]*MPESA_CALLBACK_SECRET/,
    );
    const on = loadConfig({
      ...prod,
      MPESA_ENV: "production",
      MPESA_CONSUMER_KEY: "key",
      MPESA_CONSUMER_SECRET: "secret",
      MPESA_PASSKEY: "passkey",
      MPESA_CALLBACK_SECRET: "a-long-random-callback-secret",
    });
    expect(on.payments.mpesa.baseUrl).toBe("https://api.safaricom.co.ke");
  });
});
