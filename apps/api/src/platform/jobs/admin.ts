import { JobsErrorCode } from "@sokoni/contracts";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { DEAD_LETTER_QUEUE, type JobQueue } from "./queue.ts";

/**
 * Operations on jobs that used up their retries. pg-boss keeps the failed original in
 * pgboss.job (state failed, with its queue name and last error) and puts a copy in the shared
 * dead-letter queue, which loses the queue name; so admins list and retry the originals, and the
 * dead-letter queue's size is reported beside them. pg-boss's maintenance moves failed jobs to
 * pgboss.archive after archiveFailedAfterSeconds (see createJobQueue); from there they are no
 * longer listed or retryable.
 */
export type FailedJob = {
  id: string;
  name: string;
  data: unknown;
  state: string;
  retryCount: number;
  retryLimit: number;
  error: string | null;
  output: unknown;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
};

type JobRow = {
  id: string;
  name: string;
  data: unknown;
  state: string;
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
};

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** A stack trace is for the logs, not for an HTTP response: dropped at every depth. */
function withoutStacks(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutStacks(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== "stack")
      .map(([k, v]) => [k, withoutStacks(v, depth + 1)]),
  );
}

function toFailedJob(r: JobRow): FailedJob {
  const output = withoutStacks(r.output ?? null);
  let error: string | null = null;
  if (output && typeof output === "object" && !Array.isArray(output)) {
    const o = output as Record<string, unknown>;
    if (typeof o.message === "string") error = o.message;
    else if (typeof o.value === "string") error = o.value;
  }
  return {
    id: r.id,
    name: r.name,
    data: r.data,
    state: r.state,
    retryCount: Number(r.retry_count),
    retryLimit: Number(r.retry_limit),
    error,
    output,
    createdOn: toDate(r.created_on),
    startedOn: r.started_on === null ? null : toDate(r.started_on),
    completedOn: r.completed_on === null ? null : toDate(r.completed_on),
  };
}

/** Failed jobs, the last to fail first, optionally of one queue; plus the dead-letter queue's size. */
export async function listFailedJobs(
  db: Db,
  opts: { page: number; pageSize: number; name?: string },
): Promise<{ items: FailedJob[]; total: number; deadLetterQueueSize: number }> {
  const byName = opts.name ? sql`and name = ${opts.name}` : sql``;
  const rows = await queryRows<JobRow>(
    db,
    sql`select id, name, data, state::text as state, retry_count, retry_limit, output, created_on, started_on, completed_on
        from pgboss.job where state = 'failed' ${byName}
        order by completed_on desc nulls last, created_on desc, id desc
        limit ${opts.pageSize} offset ${(opts.page - 1) * opts.pageSize}`,
  );
  const [counts] = await queryRows<{ total: number; dead: number }>(
    db,
    sql`select
          (select count(*)::int from pgboss.job where state = 'failed' ${byName}) as total,
          (select count(*)::int from pgboss.job where name = ${DEAD_LETTER_QUEUE} and state < 'active') as dead`,
  );
  return { items: rows.map(toFailedJob), total: counts?.total ?? 0, deadLetterQueueSize: counts?.dead ?? 0 };
}

/**
 * Queues a failed job again (pg-boss retry: one more attempt, picked up at once).
 * Throws NotFoundError (JOB_NOT_FOUND) for an unknown id, ConflictError (JOB_NOT_FAILED) when the
 * job has not failed.
 */
export async function retryFailedJob(queue: JobQueue, db: Db, id: string): Promise<{ id: string; name: string }> {
  const [job] = await queryRows<{ name: string; state: string }>(
    db,
    sql`select name, state::text as state from pgboss.job where id = ${id}`,
  );
  if (!job) throw new NotFoundError(JobsErrorCode.JOB_NOT_FOUND, `No job with id ${id}`);
  if (job.state !== "failed") {
    throw new ConflictError(
      JobsErrorCode.JOB_NOT_FAILED,
      `Job ${id} is ${job.state}, not failed; only failed jobs can be retried`,
    );
  }
  // pg-boss 10 answers {affected} although its types say void.
  const result = (await queue.retry(job.name, id)) as unknown as { affected?: number } | undefined;
  if (result?.affected === 0) {
    throw new ConflictError(JobsErrorCode.JOB_NOT_FAILED, `Job ${id} is no longer failed`);
  }
  return { id, name: job.name };
}

/** How many jobs have failed for good (what listFailedJobs counts as its total). */
export async function countFailedJobs(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pgboss.job where state = 'failed'`,
  );
  return Number(row?.n ?? 0);
}
