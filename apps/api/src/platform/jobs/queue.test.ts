import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/test-db.ts";
import { type Database, queryRows, withTx } from "../db.ts";
import { createLogger } from "../log.ts";
import { createJobQueue, createJobs, DEAD_LETTER_QUEUE, installJobQueue, type Jobs, startWorker } from "./queue.ts";

let database: Database;
let jobs: Jobs;
let stop: () => Promise<void>;
const received: Array<{ n: number }> = [];
const attempts = new Map<number, number>();

beforeAll(async () => {
  database = await createTestDatabase();
  await installJobQueue(database, [
    { name: "test.record" },
    { name: "test.flaky", retryLimit: 2, retryDelay: 1 },
    { name: "test.broken", retryLimit: 1, retryDelay: 1 },
  ]);
  const queue = createJobQueue(database);
  jobs = createJobs(queue);
  const count = (n: number) => attempts.set(n, (attempts.get(n) ?? 0) + 1);
  stop = await startWorker(
    queue,
    [
      { name: "test.record", handler: async (data) => void received.push(data as { n: number }) },
      {
        name: "test.flaky",
        handler: async (data) => {
          const { n } = data as { n: number };
          count(n);
          if ((attempts.get(n) ?? 0) < 2) throw new Error("transient");
          received.push({ n });
        },
      },
      {
        name: "test.broken",
        handler: async (data) => {
          count((data as { n: number }).n);
          throw new Error("always fails");
        },
      },
    ],
    createLogger("silent"),
  );
});
afterAll(async () => {
  await stop();
  await database.close();
});

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 25_000) {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out waiting for the job");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const jobRows = (name: string) =>
  queryRows<{ state: string; data: { n: number } }>(
    database.db,
    sql`select state, data from pgboss.job where name = ${name} order by created_on`,
  );

describe("job queue", () => {
  it("delivers a job sent outside a transaction to its worker", async () => {
    await jobs.send({ db: database.db }, "test.record", { n: 1 });
    await waitFor(() => received.some((d) => d.n === 1));
    expect(received.filter((d) => d.n === 1)).toHaveLength(1);
  });

  it("enqueues with the transaction: a rolled-back job never exists, a committed one runs", async () => {
    await expect(
      withTx({ db: database.db }, async (tx) => {
        await jobs.send(tx, "test.record", { n: 10 });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await withTx({ db: database.db }, (tx) => jobs.send(tx, "test.record", { n: 11 }));
    await waitFor(() => received.some((d) => d.n === 11));
    expect(received.some((d) => d.n === 10)).toBe(false);
    expect((await jobRows("test.record")).some((r) => r.data.n === 10)).toBe(false);
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    await jobs.send({ db: database.db }, "test.flaky", { n: 2 });
    await waitFor(() => received.some((d) => d.n === 2));
    expect(attempts.get(2)).toBe(2);
  });

  it("moves a job that keeps failing to the dead-letter queue after its retries", async () => {
    await jobs.send({ db: database.db }, "test.broken", { n: 3 });
    await waitFor(async () => (await jobRows("test.broken")).some((r) => r.state === "failed"));
    expect(attempts.get(3)).toBe(2);
    const dead = await jobRows(DEAD_LETTER_QUEUE);
    expect(dead.some((r) => r.data.n === 3)).toBe(true);
  });
});
