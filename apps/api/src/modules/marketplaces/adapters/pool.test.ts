import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, type EbaySimulator, startEbay } from "@sokoni/sandbox/ebay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../platform/log.ts";
import type { AdapterCtx } from "./adapter.ts";
import { createAdapterPool, type PoolSettings } from "./pool.ts";

let sim: EbaySimulator;
const ctx: AdapterCtx = { requestId: "test", log: createLogger("silent") };
const open = () => new AbortController().signal;

beforeAll(async () => {
  sim = await startEbay({ mode: { latencyMs: 0 } });
});
afterAll(async () => {
  await sim?.close();
});

const settings = (over: Partial<PoolSettings["marketplace"]> = {}, secret = EBAY_DEV_CLIENT_SECRET): PoolSettings => ({
  marketplace: {
    code: "ebay-us",
    kind: "ebay",
    currency: "USD",
    apiBaseUrl: sim.url,
    adapterConfig: {},
    rateLimitPerMin: null,
    updatedAt: new Date("2026-11-01T00:00:00Z"),
    ...over,
  },
  credentials: { client_id: EBAY_DEV_CLIENT_ID, client_secret: secret },
});

describe("adapter pool", () => {
  it("hands out one adapter per unchanged marketplace, so one eBay token serves every search", async () => {
    const pool = createAdapterPool();
    const before = sim.tokensIssued();
    for (const q of ["phone", "laptop", "tv"]) {
      await pool.get(settings()).search(ctx, { q, page: 1, pageSize: 2 }, { signal: open() });
    }
    expect(pool.get(settings())).toBe(pool.get(settings()));
    expect(sim.tokensIssued() - before).toBe(1);
  });

  it("makes a new adapter when the row or its secrets change, and after eviction", () => {
    const pool = createAdapterPool();
    const first = pool.get(settings());
    expect(pool.get(settings({ updatedAt: new Date("2026-11-02T00:00:00Z") }))).not.toBe(first);
    const second = pool.get(settings({ updatedAt: new Date("2026-11-02T00:00:00Z") }));
    expect(pool.get(settings({ updatedAt: new Date("2026-11-02T00:00:00Z") }, "rotated"))).not.toBe(second);
    const third = pool.get(settings({ updatedAt: new Date("2026-11-02T00:00:00Z") }, "rotated"));
    pool.evict("ebay-us");
    expect(pool.get(settings({ updatedAt: new Date("2026-11-02T00:00:00Z") }, "rotated"))).not.toBe(third);
  });
});
