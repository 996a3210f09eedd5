import type { SearchResult } from "./product-search.ts";

/**
 * A small in-process cache of promises with a time-to-live and a size bound (least recently used
 * goes first). Concurrent callers of one key share one load ("single flight"), so fifty clients
 * asking for the same cold total run one count, not fifty. A load that fails is forgotten.
 * clear() drops everything, including loads still in flight: their callers get their answer, but
 * it is not kept, so a write through this process is never hidden by a load that read before it.
 */
export type TtlCache<V> = {
  get(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
  readonly size: number;
};

export function createTtlCache<V>(opts: { maxEntries: number; ttlMs: number }): TtlCache<V> {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < opts.ttlMs) {
        // Map keeps insertion order: re-inserting marks the key most recently used.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      const entry = { at: now, value: load() };
      entries.delete(key);
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      while (entries.size > opts.maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      return entry.value;
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Totals and search pages may be this old when another process (or a raw SQL write such as a
 * stock decrement) changed products; writes through this process's catalog clear them at once.
 */
export const LISTING_CACHE_TTL_MS = 10_000;

/** What product listings keep in process, one per catalog module instance. */
export type ListingCache = {
  /** Exact match counts, keyed by the rendered WHERE clause and its parameters. */
  totals: TtlCache<number>;
  /** Whole ranked search pages (q given), keyed by the full search input. */
  searchPages: TtlCache<SearchResult>;
  /** Typo corrections of single query words (null: nothing close enough). */
  corrections: TtlCache<string | null>;
  /** Whole listing responses as sent (JSON text), keyed by the validated query. */
  rendered: TtlCache<string>;
  clear(): void;
};

export function createListingCache(ttlMs = LISTING_CACHE_TTL_MS): ListingCache {
  const totals = createTtlCache<number>({ maxEntries: 2000, ttlMs });
  const searchPages = createTtlCache<SearchResult>({ maxEntries: 500, ttlMs });
  const corrections = createTtlCache<string | null>({ maxEntries: 2000, ttlMs: 6 * ttlMs });
  const rendered = createTtlCache<string>({ maxEntries: 1000, ttlMs });
  return {
    totals,
    searchPages,
    corrections,
    rendered,
    clear() {
      totals.clear();
      searchPages.clear();
      corrections.clear();
      rendered.clear();
    },
  };
}
