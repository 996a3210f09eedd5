import { type SQL, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Database, Db } from "../db.ts";
import type { Logger } from "../log.ts";

/**
 * The durable job queue: pg-boss on the application's own database (schema `pgboss`), so a job
 * is enqueued in the same transaction as the change that causes it (the outbox pattern without
 * a home-made outbox) and survives restarts. On PGlite it runs through a small executeSql
 * adapter over the single embedded connection.
 */
export type JobQueue = PgBoss;

/** Where a job lands once it has used up its retries; admins list and retry from there. */
export const DEAD_LETTER_QUEUE = "jobs.dead";

/** A queue and its retry policy. Retries back off exponentially: delay, 2·delay, 4·delay, ... */
export type QueueSpec = {
  name: string;
  /** Attempts after the first one (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry (default 5). */
  retryDelay?: number;
  /** How long one attempt may run before it counts as failed (default 60 s). */
  expireInSeconds?: number;
};

type Executor = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export function createJobQueue(database: Database, options: { supervise?: boolean } = {}): JobQueue {
  return new PgBoss({
    db: { executeSql: executorFor(database) },
    schema: "pgboss",
    // Maintenance (expiring, archiving) and cron run in worker processes only.
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
    // Failed jobs stay listable and retryable by admins (GET /api/admin/jobs/failed) for a week
    // before maintenance archives them (pg-boss's default is 12 hours).
    archiveFailedAfterSeconds: 7 * 24 * 60 * 60,
  });
}

function executorFor(database: Database): Executor {
  const { pglite, pool } = database;
  if (pool) return (text, values) => pool.query(text, values as unknown[]);
  if (!pglite) throw new Error("database has neither a pool nor a PGlite instance");
  return async (text, values) => {
    // pg-boss sends its schema and locking commands as multi-statement scripts without
    // parameters; PGlite runs those through exec (simple protocol), the rest through query.
    if (values && values.length > 0) return pglite.query(text, values);
    const results = await pglite.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  };
}

/**
 * Installs (or upgrades) pg-boss's schema and creates every queue with its retry policy and the
 * shared dead-letter queue. Idempotent; runs with the migrations, before anything enqueues.
 */
export async function installJobQueue(database: Database, queues: readonly QueueSpec[]): Promise<void> {
  const boss = createJobQueue(database, { supervise: false });
  boss.on("error", () => {});
  await boss.start();
  try {
    await upsertQueue(boss, DEAD_LETTER_QUEUE, { retryLimit: 0 });
    for (const q of queues) {
      await upsertQueue(boss, q.name, {
        retryLimit: q.retryLimit ?? 5,
        retryDelay: q.retryDelay ?? 5,
        retryBackoff: true,
        expireInSeconds: q.expireInSeconds ?? 60,
        deadLetter: DEAD_LETTER_QUEUE,
      });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

async function upsertQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name">): Promise<void> {
  if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...options });
  else await boss.createQueue(name, { name, ...options });
}

export type SendOptions = {
  /** Run no earlier than this (a Date, an ISO string or seconds from now). */
  startAfter?: Date | string | number;
  /** At most one queued job per key (e.g. one expiry job per order). */
  singletonKey?: string;
};

/**
 * Enqueues jobs through whatever `db` the caller holds, so a job sent inside a transaction is
 * committed or rolled back with it. This is the only way modules enqueue.
 */
export type Jobs = {
  send(ctx: { db: Db }, name: string, data: object, options?: SendOptions): Promise<string | null>;
};

export function createJobs(queue: JobQueue): Jobs {
  return {
    send: (ctx, name, data, options = {}) =>
      queue.send(name, data, { ...options, db: { executeSql: drizzleExecutor(ctx.db) } }),
  };
}

/** pg-boss's `(text, $n values)` commands run through Drizzle, on the pool or an open transaction. */
function drizzleExecutor(db: Db): Executor {
  return async (text, values = []) => {
    const chunks: SQL[] = [];
    let last = 0;
    for (const m of text.matchAll(/\$(\d+)/g)) {
      chunks.push(sql.raw(text.slice(last, m.index)));
      chunks.push(sql`${values[Number(m[1]) - 1] ?? null}`);
      last = m.index + m[0].length;
    }
    chunks.push(sql.raw(text.slice(last)));
    const result = await db.execute(sql.join(chunks));
    return { rows: result.rows as unknown[] };
  };
}

export type JobDefinition<T extends object = object> = {
  name: string;
  /** Cron (UTC) when the job runs on a schedule. */
  cron?: string;
  /** retryCount is 0 on the first attempt; an attempt with retryCount = retryLimit is the last one. */
  handler: (data: T, job: { id: string; retryCount: number; retryLimit: number }) => Promise<void>;
};

/** Starts a worker: schedules cron jobs and consumes every queue. Queues exist already (installJobQueue). */
export async function startWorker(queue: JobQueue, jobs: JobDefinition[], log: Logger): Promise<() => Promise<void>> {
  queue.on("error", (err) => log.error({ err }, "job queue error"));
  await queue.start();
  for (const job of jobs) {
    if (job.cron) await queue.schedule(job.name, job.cron);
    await queue.work<object>(job.name, { includeMetadata: true }, async (batch) => {
      for (const item of batch) {
        const meta = { job: job.name, job_id: item.id, retry_count: item.retryCount };
        log.info(meta, "job started");
        try {
          await job.handler(item.data ?? {}, {
            id: item.id,
            retryCount: item.retryCount,
            retryLimit: item.retryLimit,
          });
        } catch (err) {
          // pg-boss retries with backoff and finally moves the job to the dead-letter queue.
          log.warn({ ...meta, err }, "job failed");
          throw err;
        }
      }
    });
  }
  log.info({ jobs: jobs.map((j) => j.name) }, "worker started");
  return async () => {
    await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
  };
}
