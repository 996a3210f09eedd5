import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePg, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { type PgDatabase, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

/**
 * One Drizzle handle over either driver. Both speak the same SQL (PGlite is Postgres in WASM), and
 * both return `{ rows }` from execute(), so modules never know which one they run on.
 * A transaction handle has the same type, which is what lets checkout span modules in one tx.
 */
export type Db = PgDatabase<NodePgQueryResultHKT>;

export type Database = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Applies the committed migrations (idempotent). */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance when kind is pglite (pg-boss and tests use it). */
  pglite?: PGlite;
  /** The pg pool when kind is postgres. */
  pool?: pg.Pool;
};

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

// Postgres returns bigint/numeric as strings; money is bigint minor units that stay well inside
// 2^53, so reading int8 as a JS number is exact. NUMERIC stays a string (rates, ratings).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type DatabaseOptions = {
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** Start PGlite from a dumped data dir (tests clone one migrated snapshot). */
  pgliteLoadDataDir?: Blob | File;
  /** Keep the PGlite database in memory instead of DATA_DIR. */
  inMemory?: boolean;
};

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 20);
  return openPglite(opts);
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzlePg(pool, { casing: "snake_case" }) as Db;
  return {
    db,
    kind: "postgres",
    pool,
    migrate: () => migratePg(db as never, { migrationsFolder }),
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (!opts.inMemory) {
    dataDir = path.join(opts.dataDir, "pglite");
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    loadDataDir: opts.pgliteLoadDataDir,
  });
  const db = drizzlePglite(client, { casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

/**
 * Runs fn in a transaction. If ctx.db already is one, fn simply joins it: a failure anywhere
 * rolls the whole outer transaction back, which is what a use-case called inside checkout wants,
 * and it saves the SAVEPOINT/RELEASE round trips a nested Drizzle transaction would cost.
 */
export function withTx<C extends { db: Db }, T>(ctx: C, fn: (txCtx: C) => Promise<T>): Promise<T> {
  if (isTransaction(ctx.db)) return fn(ctx);
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db }));
}

/**
 * Runs fn in a savepoint of the caller's transaction (or a transaction of its own): when fn
 * throws, only its work is undone and the caller may carry on (e.g. delete, else archive).
 */
export function withSavepoint<C extends { db: Db }, T>(ctx: C, fn: (txCtx: C) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db }));
}

function isTransaction(db: Db): boolean {
  return db instanceof PgTransaction;
}

/** Rows of a raw `db.execute(sql...)`, typed by the caller. */
export async function queryRows<T>(db: Db, query: Parameters<Db["execute"]>[0]): Promise<T[]> {
  const result = await db.execute(query);
  return result.rows as T[];
}
