import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/platform/db.ts";
import { prepareDatabase } from "../src/runtime.ts";

/**
 * Migrates one database once per run; every test file then gets its own copy of it:
 * on PostgreSQL a `CREATE DATABASE ... TEMPLATE`, on PGlite a load of a dumped data dir.
 */
declare module "vitest" {
  export interface ProvidedContext {
    testDb: { kind: "postgres"; adminUrl: string; template: string } | { kind: "pglite"; snapshot: string };
  }
}

export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, NODE_ENV: "test", JWT_SECRET: "x".repeat(32) });
  if (config.db.url) {
    const template = `sokoni_tmpl_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: config.db.url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ url: withDatabase(config.db.url, template), dataDir: "", poolSize: 2 });
    await prepareDatabase(database);
    await database.close();
    project.provide("testDb", { kind: "postgres", adminUrl: config.db.url, template });
    return async () => {
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "sokoni-test-"));
  const database = await openDatabase({ dataDir: dir, inMemory: true });
  await prepareDatabase(database);
  const dump = await database.pglite?.dumpDataDir("none");
  await database.close();
  if (!dump) throw new Error("PGlite dump failed");
  const snapshot = path.join(dir, "snapshot.tar");
  writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDb", { kind: "pglite", snapshot });
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
