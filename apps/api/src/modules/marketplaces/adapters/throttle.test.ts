import { describe, expect, it } from "vitest";
import { createThrottle, createThrottleRegistry } from "./throttle.ts";

describe("throttle", () => {
  it("spaces queued callers by the interval, in arrival order", async () => {
    const t = createThrottle(100);
    const signal = new AbortController().signal;
    const started: number[] = [];
    const order: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      [0, 1, 2].map(async (i) => {
        await t.acquire(signal);
        order.push(i);
        started.push(Date.now() - t0);
      }),
    );
    expect(order).toEqual([0, 1, 2]);
    const [a = 0, b = 0, c = 0] = started;
    expect(b - a).toBeGreaterThanOrEqual(95);
    expect(c - b).toBeGreaterThanOrEqual(95);
  });

  it("lets an aborted waiter leave the queue without using a slot", async () => {
    const t = createThrottle(300);
    const never = new AbortController().signal;
    await t.acquire(never); // takes the first slot
    const gone = new AbortController();
    const waiting = t.acquire(gone.signal);
    const next = t.acquire(never);
    expect(t.waiting).toBe(2);
    gone.abort(new Error("cut off"));
    await expect(waiting).rejects.toThrow("cut off");
    expect(t.waiting).toBe(1);
    const t0 = Date.now();
    await next;
    // The second slot went to `next`, one interval after the first (two if the aborted one used it).
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it("rejects at once for an already aborted signal", async () => {
    const c = new AbortController();
    c.abort(new Error("late"));
    await expect(createThrottle(10).acquire(c.signal)).rejects.toThrow("late");
  });

  it("pushes the next slot back after a penalty", async () => {
    const t = createThrottle(10);
    const s = new AbortController().signal;
    await t.acquire(s);
    t.penalize(150);
    const t0 = Date.now();
    await t.acquire(s);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("shares one throttle per key in a registry", () => {
    const r = createThrottleRegistry();
    expect(r.for("amazon-us", 1000)).toBe(r.for("amazon-us", 1000));
    expect(r.for("amazon-us", 1000)).not.toBe(r.for("amazon-uk", 1000));
  });
});
