import { existsSync } from "node:fs";
import { loadEnvFile } from "node:process";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { JOB_QUEUES } from "./job-queues.ts";
import { type Database, openDatabase } from "./platform/db.ts";
import { installJobQueue } from "./platform/jobs/queue.ts";
import { createLogger, type Logger } from "./platform/log.ts";

/**
 * Loads the configuration (from the environment, plus ./.env when present; real environment
 * variables win) or exits with the reason. Shared by the server and the CLI.
 */
export function loadConfigOrExit(): Config {
  if (existsSync(".env")) loadEnvFile(".env");
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export async function openRuntime(config: Config): Promise<{ logger: Logger; database: Database }> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir, poolSize: config.db.poolSize });
  return { logger, database };
}

/** Applies the migrations and installs the job queue's schema and queues. Idempotent. */
export async function prepareDatabase(database: Database): Promise<void> {
  await database.migrate();
  await installJobQueue(database, JOB_QUEUES);
}
