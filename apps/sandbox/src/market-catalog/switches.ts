import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { hash01 } from "./prng.ts";

/**
 * The failure switches every marketplace simulator shares, settable at start (`mode` option),
 * from code (`sim.setMode`) and over HTTP (`POST /__sim/mode`), so tests and the demo can make a
 * source slow, failing or malformed without restarting it.
 */
export const MalformedMode = z.enum(["off", "items", "body"]);
export const SimModeInput = z
  .object({
    latencyMs: z
      .union([
        z.number().int().min(0).max(120_000),
        z.object({ min: z.number().int().min(0), max: z.number().int().min(0).max(120_000) }).strict(),
      ])
      .describe(
        "Fixed delay before each answer, or a range the delay is drawn from (by the request, deterministically)",
      )
      .optional(),
    slow: z.boolean().describe("Sleep slowMs before answering: beyond any caller's time budget").optional(),
    slowMs: z.number().int().min(0).max(600_000).describe("How long `slow` sleeps (default 60000)").optional(),
    fail: z.boolean().describe("Answer every API call with the protocol's server error (5xx)").optional(),
    malformed: MalformedMode.describe(
      "items: some results miss or garble fields (the first always); body: a non-JSON body with a JSON content type",
    ).optional(),
  })
  .strict();
export type SimModeInput = z.infer<typeof SimModeInput>;
export type SimMode = {
  latencyMs: number | { min: number; max: number };
  slow: boolean;
  slowMs: number;
  fail: boolean;
  malformed: z.infer<typeof MalformedMode>;
};

/** Realistic defaults: 50–300 ms, nothing broken. */
export const DEFAULT_MODE: SimMode = Object.freeze({
  latencyMs: { min: 50, max: 300 },
  slow: false,
  slowMs: 60_000,
  fail: false,
  malformed: "off",
}) as SimMode;

export type Switches = ReturnType<typeof createSwitches>;

export function createSwitches(initial: SimModeInput = {}) {
  let mode: SimMode = { ...DEFAULT_MODE, ...SimModeInput.parse(initial) };
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          sleepers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      sleepers.add(entry);
    });
  }

  return {
    mode: (): SimMode => ({ ...mode }),
    /** Changes the given switches, keeps the others; throws a ZodError on a bad value. */
    setMode(patch: SimModeInput): SimMode {
      const parsed = SimModeInput.parse(patch);
      const next = { ...mode, ...parsed };
      if (typeof next.latencyMs === "object" && next.latencyMs.min > next.latencyMs.max) {
        throw new Error("latencyMs.min must not exceed latencyMs.max");
      }
      mode = next;
      return { ...mode };
    },
    resetMode(): SimMode {
      mode = { ...DEFAULT_MODE };
      return { ...mode };
    },
    /** The delay for a request: fixed, or drawn from the range by the request's own key (same query, same delay). */
    latencyFor(key: string): number {
      const l = mode.latencyMs;
      if (typeof l === "number") return l;
      return l.min + Math.floor(hash01("latency", key) * (l.max - l.min + 1));
    },
    /** Waits as the switches say before an API answer (latency, then `slow`). */
    async delay(key: string): Promise<void> {
      await sleep(this.latencyFor(key));
      if (mode.slow) await sleep(mode.slowMs);
    },
    /** Which results of a page are garbled in `malformed: "items"`: the first, then about one in four. */
    garbles(id: string, index: number): boolean {
      return mode.malformed === "items" && (index === 0 || hash01("garble", id) < 0.25);
    },
    /** Ends every pending sleep (on close, so a slow answer does not hold the server open). */
    wakeAll(): void {
      for (const s of sleepers) {
        clearTimeout(s.timer);
        s.wake();
      }
      sleepers.clear();
    },
  };
}

/** `GET /__sim/mode` shows the switches; `POST /__sim/mode` changes some; `DELETE /__sim/mode` resets them. */
export function registerSwitchRoutes(app: FastifyInstance, switches: Switches): void {
  app.get("/__sim/mode", async () => switches.mode());
  app.post("/__sim/mode", async (req, reply) => {
    try {
      // A simulator that keeps raw bodies (the SigV4 one) hands over a Buffer.
      const raw = req.body;
      const body = Buffer.isBuffer(raw) || typeof raw === "string" ? JSON.parse(String(raw) || "{}") : (raw ?? {});
      return switches.setMode(body as SimModeInput);
    } catch (err) {
      const issues = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`) : [];
      return reply
        .code(400)
        .send({ error: "invalid mode", details: issues.length ? issues : [(err as Error).message] });
    }
  });
  app.delete("/__sim/mode", async () => switches.resetMode());
}

/** The non-JSON body `malformed: "body"` sends (a proxy's HTML error page cut short). */
export const GARBLED_BODY = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gat";
