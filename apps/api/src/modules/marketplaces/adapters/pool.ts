import { createHash } from "node:crypto";
import type { MarketplaceAdapter } from "./adapter.ts";
import { type AdapterMarketplace, createAdapter } from "./create-adapter.ts";
import { createThrottleRegistry, type ThrottleRegistry } from "./throttle.ts";

/** What the registry's getAdapterSettings gives: the row (with its updatedAt) and the opened secrets. */
export type PoolSettings = {
  marketplace: AdapterMarketplace & { updatedAt: Date };
  credentials: Record<string, string>;
};

/**
 * Keeps one adapter per marketplace for as long as its configuration is unchanged, so callers
 * may ask for an adapter on every search: the eBay token (1,000 grants a day) and the Amazon
 * throttle outlive a request. A changed row (updatedAt) or changed secrets make a new adapter.
 * Secrets are compared by hash; the pool keeps no copy of them besides the adapter's own.
 */
export function createAdapterPool(opts: { throttles?: ThrottleRegistry } = {}) {
  const throttles = opts.throttles ?? createThrottleRegistry();
  const adapters = new Map<string, { version: string; adapter: MarketplaceAdapter }>();

  return {
    /** The marketplace's adapter; throws UpstreamError (MARKETPLACE_MISCONFIGURED) as createAdapter does. */
    get({ marketplace, credentials }: PoolSettings): MarketplaceAdapter {
      const version = `${marketplace.updatedAt.getTime()}|${fingerprint(credentials)}`;
      const hit = adapters.get(marketplace.code);
      if (hit && hit.version === version) return hit.adapter;
      const adapter = createAdapter(marketplace, { credentials, throttles });
      adapters.set(marketplace.code, { version, adapter });
      return adapter;
    },
    /** Forgets a marketplace's adapter (deleted or deactivated). */
    evict(code: string): void {
      adapters.delete(code);
    },
  };
}
export type AdapterPool = ReturnType<typeof createAdapterPool>;

function fingerprint(credentials: Record<string, string>): string {
  const sorted = Object.keys(credentials)
    .sort()
    .map((k) => [k, credentials[k]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}
