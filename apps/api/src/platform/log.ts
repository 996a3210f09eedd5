import type { FastifyBaseLogger } from "fastify";
import pino from "pino";

/** The logger shape modules see: pino's, as Fastify hands it to each request. */
export type Logger = FastifyBaseLogger;

/**
 * Structured JSON logs. Anything that looks like a secret is redacted wherever it appears in a
 * logged object, so a careless `log.info({ body })` cannot leak a password or token.
 */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "*.*.password",
  "new_password",
  "*.new_password",
  "current_password",
  "*.current_password",
  "password_hash",
  "*.password_hash",
  "*.*.password_hash",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "jwtSecret",
  "*.jwtSecret",
  "*.*.jwtSecret",
  "adminPassword",
  "*.adminPassword",
  "*.*.adminPassword",
  // Marketplace credentials (request bodies, adapter settings) and the key sealing them.
  "credentials",
  "*.credentials",
  "*.*.credentials",
  "credentialsKeys",
  "*.credentialsKeys",
  "*.*.credentialsKeys",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-cart-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      base: { service: "sokoni" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
