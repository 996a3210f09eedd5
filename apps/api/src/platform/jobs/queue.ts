import PgBoss from "pg-boss";
import type { Database } from "../db.ts";
import type { Logger } from "../log.ts";

/**
 * The durable job queue: pg-boss on the application's own database (schema `pgboss`), so jobs
 * are enqueued in the same transaction as the change that causes them and survive restarts.
 * On PGlite it runs through a small executeSql adapter over the single embedded connection.
 */
export type JobQueue = PgBoss;

export function createJobQueue(database: Database): JobQueue {
  return new PgBoss({
    db: { executeSql: executorFor(database) },
    schema: "pgboss",
    // One process hosts the queue's maintenance; API processes only enqueue (supervise: false).
    supervise: true,
    schedule: true,
  });
}

type Executor = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

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

export type JobDefinition<T extends object = object> = {
  name: string;
  /** Cron (UTC) when the job runs on a schedule. */
  cron?: string;
  handler: (data: T) => Promise<void>;
};

/** Starts a worker: creates the queues, schedules cron jobs and consumes them. */
export async function startWorker(queue: JobQueue, jobs: JobDefinition[], log: Logger): Promise<() => Promise<void>> {
  queue.on("error", (err) => log.error({ err }, "job queue error"));
  await queue.start();
  for (const job of jobs) {
    await queue.createQueue(job.name);
    if (job.cron) await queue.schedule(job.name, job.cron);
    await queue.work<object>(job.name, async (batch) => {
      for (const item of batch) {
        log.info({ job: job.name, job_id: item.id }, "job started");
        await job.handler(item.data ?? {});
      }
    });
  }
  log.info({ jobs: jobs.map((j) => j.name) }, "worker started");
  return async () => {
    await queue.stop({ graceful: true, wait: true, timeout: 10_000 });
  };
}
