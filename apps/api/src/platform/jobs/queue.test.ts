import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/test-db.ts";
import type { Database } from "../db.ts";
import { createLogger } from "../log.ts";
import { createJobQueue, type JobQueue, startWorker } from "./queue.ts";

let database: Database;
let queue: JobQueue;
let stop: () => Promise<void>;
const received: Array<{ n: number }> = [];
let failuresLeft = 1;

beforeAll(async () => {
  database = await createTestDatabase();
  queue = createJobQueue(database);
  stop = await startWorker(
    queue,
    [
      {
        name: "test.record",
        handler: async (data) => {
          received.push(data as { n: number });
        },
      },
      {
        name: "test.flaky",
        handler: async (data) => {
          if (failuresLeft-- > 0) throw new Error("transient");
          received.push(data as { n: number });
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

async function waitFor(predicate: () => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out waiting for the job");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("job queue", () => {
  it("delivers a job sent to a queue to its worker", async () => {
    await queue.send("test.record", { n: 1 });
    await waitFor(() => received.some((d) => d.n === 1));
    expect(received.filter((d) => d.n === 1)).toHaveLength(1);
  });

  it("retries a job whose handler fails", async () => {
    await queue.send("test.flaky", { n: 2 }, { retryLimit: 2, retryDelay: 1 });
    await waitFor(() => received.some((d) => d.n === 2), 25_000);
    expect(failuresLeft).toBeLessThan(0);
  });
});
