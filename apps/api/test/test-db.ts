import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../src/platform/db.ts";
import { withDatabase } from "./global-setup.ts";

/**
 * A fresh, migrated database of its own for the calling test file: real PostgreSQL when the run
 * has DATABASE_URL, otherwise PGlite. close() drops it.
 */
export async function createTestDatabase(): Promise<Database> {
  const spec = inject("testDb");
  if (spec.kind === "pglite") {
    const snapshot = new Blob([readFileSync(spec.snapshot)]);
    return openDatabase({ dataDir: "", inMemory: true, pgliteLoadDataDir: snapshot });
  }
  const name = `sokoni_test_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: spec.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${spec.template}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: withDatabase(spec.adminUrl, name), dataDir: "", poolSize: 10 });
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const dropper = new pg.Client({ connectionString: spec.adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
