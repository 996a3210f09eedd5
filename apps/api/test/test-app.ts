import type { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { buildApp, createAppMailer, createModules, type Modules } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { type Ctx, systemCtx } from "../src/platform/ctx.ts";
import type { Database } from "../src/platform/db.ts";
import { createJobQueue, createJobs } from "../src/platform/jobs/queue.ts";
import { createLogger } from "../src/platform/log.ts";
import { createTestDatabase } from "./test-db.ts";

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  config: Config;
  modules: Modules;
  /** A system-actor context on the test database, for arranging data through module APIs. */
  ctx: Ctx;
  close(): Promise<void>;
};

export const TEST_ENV = {
  NODE_ENV: "test",
  JWT_SECRET: "test-secret-that-is-long-enough-0123456789",
  LOG_LEVEL: "silent",
  SEED_DEMO: "false",
  RUN_WORKER: "false",
} as const;

export type TestAppOptions = {
  /** Adds routes or hooks before the app is ready (e.g. a route that throws). */
  configure?: (app: FastifyInstance) => void;
  /** Adjusts the modules before the app is built (e.g. a payments module with a recording onSettled). */
  modules?: (modules: Modules) => void;
  /** Where the app's log lines go (with LOG_LEVEL in env), to assert what is logged. */
  logSink?: Writable;
};

/** The real app over a fresh database of its own. `env` overrides configuration for this app. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: "/tmp/sokoni-test-data", ...env });
  const database = await createTestDatabase();
  const logger = createLogger(config.logLevel, options.logSink);
  const queue = createJobQueue(database, { supervise: false });
  // SMTP_URL's server, or a local catcher that starts only if something sends; closed by close().
  const mailer = createAppMailer(config, database, logger);
  const modules = createModules(config, { jobs: createJobs(queue), mailer });
  options.modules?.(modules);
  const app = await buildApp({ config, database, logger, modules, queue });
  options.configure?.(app);
  await app.ready();
  return {
    app,
    database,
    config,
    modules,
    ctx: systemCtx(database.db, logger, "test"),
    async close() {
      await app.close();
      await mailer.close();
      await database.close();
    },
  };
}
