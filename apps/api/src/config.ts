import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

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
  RUN_WORKER: booleanFromEnv.default(true),
  MOCK_GATEWAY_URL: z.url().optional().describe("Mock payment gateway; unset: npm start runs the simulator in-process"),
  MOCK_GATEWAY_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  ORDER_PAYMENT_TIMEOUT: durationSeconds.default(30 * 60).describe("Seconds an order waits for payment"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587")
    .optional()
    .describe("Outgoing mail server; unset starts a local mail catcher"),
  MAIL_FROM: z.string().min(3).default("Sokoni <no-reply@sokoni.local>"),
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
  /** mockGateway.url unset: `npm start` runs the sandbox simulator in-process and fills it in. */
  payments: { mockGateway: { url: string | undefined; secret: string } };
  /** Seconds an unpaid order keeps its stock before a job cancels it. */
  orders: { paymentTimeoutSeconds: number };
  /** smtpUrl unset: a local SMTP catcher whose catches admins read at /api/admin/emails. */
  mail: { smtpUrl: string | undefined; from: string };
}>;

export class ConfigError extends Error {}

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
  return Object.freeze({
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
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
    payments: { mockGateway: { url: e.MOCK_GATEWAY_URL, secret: mockGatewaySecret } },
    orders: { paymentTimeoutSeconds: e.ORDER_PAYMENT_TIMEOUT },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
  });
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
