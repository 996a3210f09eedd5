import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createFanOut, type Source } from "./fan-out.ts";

const options = { breakerFailures: 3, breakerCooldownMs: 200, cacheTtlMs: 60_000, cacheMax: 100 };

/** A source that answers from a script: each call takes the next step (a value, an error, or a delay). */
function scripted(code: string, budgetMs: number, steps: (() => Promise<string[]>)[]) {
  const calls: AbortSignal[] = [];
  const source: Source<string> = {
    code,
    budgetMs,
    async search(signal) {
      calls.push(signal);
      const step = steps[Math.min(calls.length - 1, steps.length - 1)];
      const items = await (step ?? (async () => []))();
      return { items, dropped: 0 };
    },
  };
  return { source, calls };
}

const ok =
  (...items: string[]) =>
  async () =>
    items;
const boom = (message: string) => async () => {
  throw new Error(message);
};

describe("fan-out over marketplaces", () => {
  it("gathers every source's items and reports each one, in order", async () => {
    const fan = createFanOut(options);
    const a = scripted("a", 1000, [ok("a1", "a2")]);
    const b = scripted("b", 1000, [
      async () => {
        await sleep(20);
        return ["b1"];
      },
    ]);
    const { results, reports } = await fan.run([a.source, b.source], "q=phone");
    expect(results).toEqual([
      { code: "a", items: ["a1", "a2"] },
      { code: "b", items: ["b1"] },
    ]);
    expect(reports.map((r) => [r.code, r.status, r.count, r.cached])).toEqual([
      ["a", "ok", 2, false],
      ["b", "ok", 1, false],
    ]);
    expect(reports[1]?.latencyMs).toBeGreaterThanOrEqual(15);
  });

  it("cuts a slow source off at its budget, aborts its call, and answers with the others", async () => {
    const fan = createFanOut(options);
    const slow = scripted("slow", 100, [
      async () => {
        await sleep(5_000);
        return ["late"];
      },
    ]);
    const fast = scripted("fast", 1000, [ok("f1")]);
    const started = performance.now();
    const { results, reports } = await fan.run([slow.source, fast.source], "q=tv");
    // Not a speed claim: the run did not wait for the 5 s source.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(slow.calls[0]?.aborted).toBe(true);
    expect(results.find((r) => r.code === "slow")?.items).toEqual([]);
    expect(reports[0]).toMatchObject({ code: "slow", status: "timeout", count: 0 });
    expect(reports[0]?.latencyMs).toBeGreaterThanOrEqual(90);
    expect(reports[1]).toMatchObject({ code: "fast", status: "ok", count: 1 });
  });

  it("opens a failing source's circuit, stops calling it, and closes it again after a good trial", async () => {
    const fan = createFanOut(options);
    const flaky = scripted("flaky", 1000, [boom("HTTP 500"), boom("HTTP 500"), boom("HTTP 500"), ok("back")]);
    for (let i = 1; i <= 3; i++) {
      const { reports } = await fan.run([flaky.source], `q=${i}`);
      expect(reports[0]).toMatchObject({ status: "error", error: "HTTP 500" });
    }
    expect(fan.circuitOf("flaky")).toBe("open");
    const refused = await fan.run([flaky.source], "q=4");
    expect(refused.reports[0]?.status).toBe("circuit_open");
    expect(flaky.calls).toHaveLength(3);

    await sleep(250);
    const trial = await fan.run([flaky.source], "q=5");
    expect(trial.reports[0]).toMatchObject({ status: "ok", count: 1 });
    expect(flaky.calls).toHaveLength(4);
    expect(fan.circuitOf("flaky")).toBe("closed");
  });

  it("counts timeouts toward the circuit too", async () => {
    const fan = createFanOut({ ...options, breakerFailures: 2 });
    const hanging = scripted("hang", 30, [
      async () => {
        await sleep(1_000);
        return [];
      },
    ]);
    await fan.run([hanging.source], "q=1");
    await fan.run([hanging.source], "q=2");
    expect((await fan.run([hanging.source], "q=3")).reports[0]?.status).toBe("circuit_open");
  });

  it("reuses a source's answer to the same query, not to another, and never keeps a failure", async () => {
    const fan = createFanOut(options);
    const store = scripted("store", 1000, [ok("x"), ok("y"), boom("down"), ok("z")]);
    await fan.run([store.source], "q=shoe");
    const again = await fan.run([store.source], "q=shoe");
    expect(again.reports[0]).toMatchObject({ status: "ok", cached: true, count: 1 });
    expect(again.results[0]?.items).toEqual(["x"]);
    expect(store.calls).toHaveLength(1);

    await fan.run([store.source], "q=boot");
    expect(store.calls).toHaveLength(2);
    expect((await fan.run([store.source], "q=sandal")).reports[0]?.status).toBe("error");
    expect((await fan.run([store.source], "q=sandal")).results[0]?.items).toEqual(["z"]);
  });

  it("shares one call between identical queries in flight", async () => {
    const fan = createFanOut(options);
    const store = scripted("store", 1000, [
      async () => {
        await sleep(50);
        return ["once"];
      },
    ]);
    const [first, second] = await Promise.all([
      fan.run([store.source], "q=fridge"),
      fan.run([store.source], "q=fridge"),
    ]);
    expect(store.calls).toHaveLength(1);
    expect(first.results[0]?.items).toEqual(["once"]);
    expect(second.results[0]?.items).toEqual(["once"]);
  });
});
