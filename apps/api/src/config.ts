import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CredentialsKey, CredentialsKeyring } from "./modules/marketplaces/index.ts";
import type { MpesaConfig, StripeConfig } from "./modules/payments/index.ts";

/**
 * The only reader of process.env. Parsed once at start-up; a bad value stops the process with a
 * message naming the variable, so misconfiguration never surfaces later as a confusing 500.
 */

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const durationSeconds = z.coerce.number().int().positive();

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url().optional().describe("Base URL users reach the API at (for links)"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().min(1).default("./data"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ACCESS_TOKEN_TTL: durationSeconds.default(900),
  REFRESH_TOKEN_TTL: durationSeconds.default(60 * 60 * 24 * 30),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  SEED_DEMO: booleanFromEnv.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as KES")
    .default("KES"),
  CORS_ORIGINS: z
    .string()
    .default("")
    .describe("Comma-separated origins allowed by CORS; empty allows same-origin only"),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_RATE_WINDOW: durationSeconds.default(60),
  SUPPORT_RATE_LIMIT: z.coerce.number().int().positive().default(5).describe("Support messages per client address"),
  SUPPORT_RATE_WINDOW: durationSeconds.default(60 * 60).describe("Seconds over which SUPPORT_RATE_LIMIT counts"),
  RUN_WORKER: booleanFromEnv.default(true),
  MOCK_GATEWAY_URL: z.url().optional().describe("Mock payment gateway; unset: npm start runs the simulator in-process"),
  MOCK_GATEWAY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  MPESA_ENV: z.enum(["sandbox", "production"]).default("sandbox"),
  MPESA_BASE_URL: z.url().optional().describe("Daraja; unset: npm start runs the Daraja simulator in-process"),
  MPESA_CONSUMER_KEY: z.string().min(1).optional(),
  MPESA_CONSUMER_SECRET: z.string().min(1).optional(),
  MPESA_SHORTCODE: z
    .string()
    .regex(/^\d{5,7}$/, "must be a paybill or till shortcode such as 174379")
    .default("174379"),
  MPESA_PASSKEY: z.string().min(1).optional(),
  MPESA_TRANSACTION_TYPE: z.enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]).default("CustomerPayBillOnline"),
  MPESA_CALLBACK_BASE_URL: z
    .url()
    .refine((v) => !/mpesa|safaricom/i.test(v), 'Daraja refuses URLs containing "mpesa" or "safaricom"')
    .optional()
    .describe("Public base URL Daraja calls back; default PUBLIC_URL"),
  MPESA_CALLBACK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,}$/, "must be at least 16 URL-safe characters (letters, digits, _ or -)")
    .refine((v) => !/mpesa|safaricom/i.test(v), 'Daraja refuses URLs containing "mpesa" or "safaricom"')
    .optional(),
  MPESA_HOOK_PREFIX: z
    .string()
    .regex(/^(\/[a-z0-9_-]+)+$/, "must be a lowercase path such as /api/payhooks")
    .refine((v) => !/mpesa|safaricom/i.test(v), 'Daraja refuses URLs containing "mpesa" or "safaricom"')
    .default("/api/payhooks"),
  MPESA_ALLOWED_IPS: z.string().default("").describe("Comma-separated source IPs of Daraja callbacks; empty: any"),
  MPESA_RECONCILE_AFTER: z.coerce.number().int().min(0).default(60),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)")
    .optional(),
  STRIPE_API_BASE: z
    .url()
    .optional()
    .describe("https://api.stripe.com for test or live mode; unset: npm start runs the Stripe simulator in-process"),
  ORDER_PAYMENT_TIMEOUT: durationSeconds.default(30 * 60).describe("Seconds an order waits for payment"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587")
    .optional()
    .describe("Outgoing mail server; unset starts a local mail catcher"),
  MAIL_FROM: z.string().min(3).default("Sokoni <no-reply@sokoni.local>"),
  SEARCH_BREAKER_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe("Failures in a row (errors or timeouts) after which a marketplace is skipped by searches"),
  SEARCH_BREAKER_COOLDOWN_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe("How long a skipped marketplace rests before one trial search"),
  SEARCH_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe("How long a marketplace's answer to the same search is reused"),
  EBAY_API_BASE: z
    .url()
    .optional()
    .describe("Where the demo's eBay marketplace points; unset outside production: npm start runs the eBay simulator"),
  AMAZON_API_BASE: z
    .url()
    .optional()
    .describe(
      "Where the demo's Amazon marketplace points; unset outside production: npm start runs the Amazon simulator",
    ),
  JUMIA_API_BASE: z
    .url()
    .optional()
    .describe(
      "Where the demo's Jumia marketplace points; unset outside production: npm start runs the Jumia simulator",
    ),
  MARKETPLACE_CREDENTIALS_KEY: z
    .string()
    .refine((v) => parseKey(v) !== undefined, "must be 32 bytes as base64 or 64 hex digits")
    .optional()
    .describe("AES-256 key sealing marketplace credentials; unset outside production: generated in DATA_DIR"),
  MARKETPLACE_CREDENTIALS_KEY_VERSION: z.coerce
    .number()
    .int()
    .min(1)
    .default(1)
    .describe("Version stored beside what MARKETPLACE_CREDENTIALS_KEY seals; raise it when rotating"),
  MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .default("")
    .refine(
      (v) => previousKeys(v) !== undefined,
      "must be comma-separated version:key pairs, each key 32 bytes as base64 or 64 hex digits",
    )
    .describe("Older keys still read while credentials are re-saved, e.g. 1:<base64>"),
});

export type Env = z.input<typeof EnvSchema>;

export type Config = Readonly<{
  env: "development" | "production" | "test";
  http: { port: number; host: string; publicUrl: string; bodyLimit: number; corsOrigins: string[] };
  db: { url: string | undefined; poolSize: number; dataDir: string };
  auth: {
    jwtSecret: string;
    accessTokenTtl: number;
    refreshTokenTtl: number;
    loginRateLimit: number;
    loginRateWindow: number;
  };
  bootstrap: { adminEmail?: string; adminPassword?: string; seedDemo: boolean };
  logLevel: string;
  storeCurrency: string;
  runWorker: boolean;
  /**
   * mockGateway.url / mpesa.baseUrl unset: `npm start` runs the sandbox simulators in-process and
   * fills them in.
   */
  payments: { mockGateway: { url: string | undefined; secret: string }; mpesa: MpesaConfig; stripe: StripeConfig };
  /** Seconds an unpaid order keeps its stock before a job cancels it. */
  orders: { paymentTimeoutSeconds: number };
  /** smtpUrl unset: a local SMTP catcher whose catches admins read at /api/admin/emails. */
  mail: { smtpUrl: string | undefined; from: string };
  /** How many contact-form messages one client address may send per window (seconds). */
  support: { rateLimit: number; rateWindow: number };
  /**
   * Keys sealing marketplace credentials (AES-256-GCM): the current one and older readable ones.
   * demoApiBases: where `npm start` points the seeded eBay/Amazon/Jumia rows; one left unset
   * (outside production) is served by its simulator in-process.
   */
  marketplaces: {
    credentialsKeys: CredentialsKeyring;
    demoApiBases: { ebay: string | undefined; amazon: string | undefined; jumia: string | undefined };
  };
  search: { breakerFailures: number; breakerCooldownMs: number; cacheTtlMs: number };
}>;

export class ConfigError extends Error {}

/** Development values shared with `npm run sandbox`'s Daraja simulator, so both work unconfigured. */
export const DEV_MPESA_CONSUMER_KEY = "sokoni-dev-daraja-consumer-key";
export const DEV_MPESA_CONSUMER_SECRET = "sokoni-dev-daraja-consumer-secret";
// Daraja refuses callback URLs containing "mpesa" or "safaricom", secret included.
export const DEV_MPESA_CALLBACK_SECRET = "sokoni-dev-payhook-secret-0001";
/** Safaricom's published sandbox passkey for shortcode 174379. */
export const SANDBOX_MPESA_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

/** Development Stripe keys shared with `npm run sandbox`'s Stripe simulator (never valid at Stripe). */
export const DEV_STRIPE_SECRET_KEY = "sk_test_sokoni_dev_secret_key";
export const DEV_STRIPE_WEBHOOK_SECRET = "whsec_sokoni_dev_webhook_secret";

/** Development value shared with `npm run sandbox`, so a standalone simulator works unconfigured. */
export const DEV_MOCK_GATEWAY_SECRET = "sokoni-dev-mock-gateway-secret";

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings (e.g. `PORT=` in a .env) mean "not set", as most tools treat them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError("Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (e.NODE_ENV === "production") {
      throw new ConfigError("Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production");
    }
    jwtSecret = developmentJwtSecret(dataDir);
  }
  const mockGatewaySecret = e.MOCK_GATEWAY_SECRET ?? DEV_MOCK_GATEWAY_SECRET;
  if (!e.MOCK_GATEWAY_SECRET && e.NODE_ENV === "production") {
    throw new ConfigError("Invalid configuration:\n  MOCK_GATEWAY_SECRET: required when NODE_ENV=production");
  }
  let credentialsKey = e.MARKETPLACE_CREDENTIALS_KEY ? parseKey(e.MARKETPLACE_CREDENTIALS_KEY) : undefined;
  if (!credentialsKey) {
    if (e.NODE_ENV === "production") {
      throw new ConfigError("Invalid configuration:\n  MARKETPLACE_CREDENTIALS_KEY: required when NODE_ENV=production");
    }
    credentialsKey = developmentCredentialsKey(dataDir);
  }
  const previous = previousKeys(e.MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS) ?? [];
  if (previous.some((k) => k.version === e.MARKETPLACE_CREDENTIALS_KEY_VERSION)) {
    throw new ConfigError(
      "Invalid configuration:\n  MARKETPLACE_CREDENTIALS_PREVIOUS_KEYS: must not repeat MARKETPLACE_CREDENTIALS_KEY_VERSION",
    );
  }
  // In production M-Pesa is on when MPESA_CONSUMER_KEY is set, and then needs the rest of its
  // secrets; elsewhere development values fill in (and npm start runs the simulator).
  const mpesaOn = e.NODE_ENV !== "production" || e.MPESA_CONSUMER_KEY !== undefined;
  if (e.NODE_ENV === "production" && mpesaOn) {
    const missing = (["MPESA_CONSUMER_SECRET", "MPESA_PASSKEY", "MPESA_CALLBACK_SECRET"] as const)
      .filter((k) => !e[k])
      .map((k) => `  ${k}: required when MPESA_CONSUMER_KEY is set in production`);
    if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join("\n")}`);
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const stripe = stripeConfig(e);
  const mpesa: MpesaConfig = {
    env: e.MPESA_ENV,
    baseUrl: !mpesaOn
      ? undefined
      : (e.MPESA_BASE_URL ?? (e.MPESA_ENV === "production" ? "https://api.safaricom.co.ke" : undefined)),
    consumerKey: e.MPESA_CONSUMER_KEY ?? DEV_MPESA_CONSUMER_KEY,
    consumerSecret: e.MPESA_CONSUMER_SECRET ?? DEV_MPESA_CONSUMER_SECRET,
    shortcode: e.MPESA_SHORTCODE,
    passkey: e.MPESA_PASSKEY ?? SANDBOX_MPESA_PASSKEY,
    transactionType: e.MPESA_TRANSACTION_TYPE,
    callbackBaseUrl: e.MPESA_CALLBACK_BASE_URL ?? publicUrl,
    callbackSecret: e.MPESA_CALLBACK_SECRET ?? DEV_MPESA_CALLBACK_SECRET,
    hookPrefix: e.MPESA_HOOK_PREFIX,
    allowedIps: e.MPESA_ALLOWED_IPS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    reconcileAfterSeconds: e.MPESA_RECONCILE_AFTER,
  };
  return Object.freeze({
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl,
      bodyLimit: e.BODY_LIMIT,
      corsOrigins: e.CORS_ORIGINS.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    },
    db: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, dataDir },
    auth: {
      jwtSecret,
      accessTokenTtl: e.ACCESS_TOKEN_TTL,
      refreshTokenTtl: e.REFRESH_TOKEN_TTL,
      loginRateLimit: e.LOGIN_RATE_LIMIT,
      loginRateWindow: e.LOGIN_RATE_WINDOW,
    },
    bootstrap: { adminEmail: e.ADMIN_EMAIL, adminPassword: e.ADMIN_PASSWORD, seedDemo: e.SEED_DEMO },
    logLevel: e.LOG_LEVEL,
    storeCurrency: e.STORE_CURRENCY,
    runWorker: e.RUN_WORKER,
    payments: { mockGateway: { url: e.MOCK_GATEWAY_URL, secret: mockGatewaySecret }, mpesa, stripe },
    orders: { paymentTimeoutSeconds: e.ORDER_PAYMENT_TIMEOUT },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    support: { rateLimit: e.SUPPORT_RATE_LIMIT, rateWindow: e.SUPPORT_RATE_WINDOW },
    marketplaces: {
      credentialsKeys: { current: { version: e.MARKETPLACE_CREDENTIALS_KEY_VERSION, key: credentialsKey }, previous },
      demoApiBases: { ebay: e.EBAY_API_BASE, amazon: e.AMAZON_API_BASE, jumia: e.JUMIA_API_BASE },
    },
    search: {
      breakerFailures: e.SEARCH_BREAKER_FAILURES,
      breakerCooldownMs: e.SEARCH_BREAKER_COOLDOWN_MS,
      cacheTtlMs: e.SEARCH_CACHE_TTL_MS,
    },
  });
}

/**
 * Stripe in production is on when STRIPE_SECRET_KEY is set, and then needs its webhook secret and
 * API base; elsewhere development keys fill in, and an unset STRIPE_API_BASE lets `npm start` run the
 * simulator (tests and CLI commands leave Stripe off).
 */
function stripeConfig(e: z.infer<typeof EnvSchema>): StripeConfig {
  if (e.NODE_ENV === "production" && e.STRIPE_SECRET_KEY) {
    const missing = (["STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"] as const)
      .filter((k) => !e[k])
      .map((k) => `  ${k}: required when STRIPE_SECRET_KEY is set in production`);
    if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join("\n")}`);
  }
  return {
    apiBase: e.NODE_ENV === "production" && !e.STRIPE_SECRET_KEY ? undefined : e.STRIPE_API_BASE,
    secretKey: e.STRIPE_SECRET_KEY ?? DEV_STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? DEV_STRIPE_WEBHOOK_SECRET,
  };
}

/** A 32-byte key from 64 hex digits or base64 (standard or URL-safe), else undefined. */
function parseKey(v: string): Buffer | undefined {
  const s = v.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) return undefined;
  const key = Buffer.from(s, "base64");
  return key.length === 32 ? key : undefined;
}

/** `2:<key>,3:<key>` → keys by version; undefined when malformed. */
function previousKeys(v: string): CredentialsKey[] | undefined {
  const out: CredentialsKey[] = [];
  for (const pair of v
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+):(.+)$/.exec(pair);
    const key = m?.[2] ? parseKey(m[2]) : undefined;
    if (!m || !key || Number(m[1]) < 1) return undefined;
    out.push({ version: Number(m[1]), key });
  }
  return out;
}

/** Generated once and kept in DATA_DIR, like the JWT secret, so saved credentials stay readable. */
function developmentCredentialsKey(dataDir: string): Buffer {
  const file = path.join(dataDir, "marketplace-credentials-key");
  const existing = existsSync(file) ? parseKey(readFileSync(file, "utf8")) : undefined;
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600 });
  return key;
}

/** Generated once and kept in DATA_DIR so tokens survive restarts of a development install. */
function developmentJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
