import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from "cockatiel";
import { LRUCache } from "lru-cache";

/** How one marketplace answered a fan-out: what the search response's `sources` array shows. */
export type SourceStatus = "ok" | "timeout" | "error" | "circuit_open";

export type SourceReport = {
  code: string;
  status: SourceStatus;
  /** Wall time this source took (or was given, when cut off at its budget). */
  latencyMs: number;
  /** Offers kept from this source (0 unless ok). */
  count: number;
  /** Offers the adapter dropped as malformed. */
  dropped: number;
  /** Served from the short query cache, without calling the marketplace. */
  cached: boolean;
  /** Why it failed, in words safe to show (never a credential or a raw body). */
  error?: string;
};

/** One marketplace to ask: its budget, and the call (which must honour the signal). */
export type Source<T> = {
  code: string;
  /** Time budget in ms: past it the source is cut off and marked timeout, never waited for. */
  budgetMs: number;
  /** What this source is asked, when it differs from the run's query key (e.g. bounds in its currency). */
  key?: string;
  search(signal: AbortSignal): Promise<{ items: T[]; dropped: number }>;
};

export type FanOutOptions = {
  /** Consecutive failures (errors or timeouts) that open a source's circuit. */
  breakerFailures: number;
  /** How long an open circuit refuses calls before one trial call (half-open). */
  breakerCooldownMs: number;
  /** How long a source's answer to the same query is reused. */
  cacheTtlMs: number;
  /** Most cached answers kept (over all sources and queries). */
  cacheMax: number;
};

type Answer<T> = { items: T[]; dropped: number };

/**
 * Asks every source at once, each under its own time budget and circuit breaker, and never
 * waits past the slowest budget: a slow source is cut off (timeout), a failing one is marked
 * (error) and, after `breakerFailures` in a row, not called at all (circuit_open) until its
 * cooldown lets one trial through. A source's answer is kept for `cacheTtlMs` per query, and
 * identical queries in flight share one call.
 */
export function createFanOut(opts: FanOutOptions) {
  const breakers = new Map<string, CircuitBreakerPolicy>();
  const cache = new LRUCache<string, Answer<unknown>>({ max: opts.cacheMax, ttl: opts.cacheTtlMs });
  const inFlight = new Map<string, Promise<Answer<unknown>>>();

  function breakerOf(code: string): CircuitBreakerPolicy {
    let breaker = breakers.get(code);
    if (!breaker) {
      breaker = circuitBreaker(handleAll, {
        halfOpenAfter: opts.breakerCooldownMs,
        breaker: new ConsecutiveBreaker(opts.breakerFailures),
      });
      breakers.set(code, breaker);
    }
    return breaker;
  }

  async function ask<T>(source: Source<T>, queryKey: string): Promise<{ answer: Answer<T>; cached: boolean }> {
    const key = `${source.code}\u0000${source.key ?? queryKey}`;
    const hit = cache.get(key) as Answer<T> | undefined;
    if (hit) return { answer: hit, cached: true };
    let call = inFlight.get(key) as Promise<Answer<T>> | undefined;
    if (!call) {
      // Aggressive: the budget holds even if an adapter ignored the signal; the signal still
      // aborts its HTTP request so nothing keeps running for a page already answered.
      const policy = wrap(breakerOf(source.code), timeout(source.budgetMs, TimeoutStrategy.Aggressive));
      call = policy.execute(({ signal }) => source.search(signal));
      inFlight.set(key, call as Promise<Answer<unknown>>);
      void call.then(
        (answer) => cache.set(key, answer),
        () => undefined,
      );
      void call.finally(() => inFlight.delete(key)).catch(() => undefined);
    }
    return { answer: await call, cached: false };
  }

  /** Every source's items (empty for a source that failed) and a report per source, in input order. */
  async function run<T>(
    sources: Source<T>[],
    queryKey: string,
  ): Promise<{ results: { code: string; items: T[] }[]; reports: SourceReport[] }> {
    const settled = await Promise.all(
      sources.map(async (source) => {
        const started = performance.now();
        const took = () => Math.round(performance.now() - started);
        try {
          const { answer, cached } = await ask(source, queryKey);
          const report: SourceReport = {
            code: source.code,
            status: "ok",
            latencyMs: took(),
            count: answer.items.length,
            dropped: answer.dropped,
            cached,
          };
          return { items: answer.items, report };
        } catch (err) {
          return { items: [] as T[], report: failure(source.code, err, took()) };
        }
      }),
    );
    return {
      results: settled.map((s, i) => ({ code: sources[i]?.code ?? "", items: s.items })),
      reports: settled.map((s) => s.report),
    };
  }

  /** A source's circuit, for the admin and the tests: closed, open or half-open. */
  function circuitOf(code: string): "closed" | "open" | "half_open" {
    const state = breakers.get(code)?.state;
    return state === 1 || state === 3 ? "open" : state === 2 ? "half_open" : "closed";
  }

  return { run, circuitOf, clearCache: () => cache.clear() };
}

function failure(code: string, err: unknown, latencyMs: number): SourceReport {
  const base = { code, latencyMs, count: 0, dropped: 0, cached: false };
  if (err instanceof BrokenCircuitError) {
    return { ...base, status: "circuit_open", error: "skipped: this store failed repeatedly" };
  }
  if (err instanceof TaskCancelledError) return { ...base, status: "timeout", error: "over its time budget" };
  return { ...base, status: "error", error: err instanceof Error ? err.message : "failed" };
}

export type FanOut = ReturnType<typeof createFanOut>;
