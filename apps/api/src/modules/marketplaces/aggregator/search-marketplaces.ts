import type { Ctx } from "../../../platform/ctx.ts";
import { type AdapterPool, logDropped, type Offer, type SearchQuery } from "../adapters/index.ts";
import type { Marketplace, MarketplacesModule } from "../marketplaces.service.ts";
import { createFanOut, type FanOutOptions, type Source, type SourceReport } from "./fan-out.ts";

/** What the shopper asked; price bounds come per marketplace currency from `priceBounds`. */
export type MarketplaceSearchInput = Omit<SearchQuery, "minPrice" | "maxPrice"> & {
  /**
   * The shopper's price bounds in a marketplace's currency (minor units); the caller owns the
   * exchange rates. A bound left undefined is not sent.
   */
  priceBounds?: (currency: string) => Promise<{ minPrice?: number; maxPrice?: number }>;
};

export type MarketplaceSearchDeps = {
  marketplaces: Pick<MarketplacesModule, "listMarketplaces" | "getAdapterSettings">;
  pool: AdapterPool;
  fanOut?: Partial<FanOutOptions>;
};

export type MarketplaceOffers = { marketplace: Marketplace; offers: Offer[]; fromCache: boolean };

const DEFAULTS: FanOutOptions = { breakerFailures: 5, breakerCooldownMs: 30_000, cacheTtlMs: 60_000, cacheMax: 2_000 };

/**
 * One search over every active external marketplace at once (the house store is the database's):
 * each through its adapter, under its registry time budget and circuit breaker. Answers with the
 * offers of those that answered in time and a report for every one of them.
 */
export function createMarketplaceSearch(deps: MarketplaceSearchDeps) {
  const fanOut = createFanOut({ ...DEFAULTS, ...deps.fanOut });

  async function search(
    ctx: Ctx,
    input: MarketplaceSearchInput,
  ): Promise<{ results: MarketplaceOffers[]; reports: (SourceReport & { name: string })[] }> {
    const { items } = await deps.marketplaces.listMarketplaces(ctx);
    const external = items.filter((m) => m.kind !== "house" && m.apiBaseUrl);
    const sources = await Promise.all(external.map((m) => sourceFor(ctx, m, input)));
    const { priceBounds: _, ...asked } = input;
    const queryKey = JSON.stringify(asked);
    const { results, reports } = await fanOut.run(sources, queryKey);
    return {
      results: results.map((r, i) => ({
        marketplace: external[i] as Marketplace,
        offers: r.items,
        fromCache: reports[i]?.cached ?? false,
      })),
      reports: reports.map((r, i) => ({ ...r, name: external[i]?.name ?? r.code })),
    };
  }

  async function sourceFor(ctx: Ctx, m: Marketplace, input: MarketplaceSearchInput): Promise<Source<Offer>> {
    const { priceBounds, ...query } = input;
    const { minPrice, maxPrice } = priceBounds ? await priceBounds(m.currency) : {};
    return {
      code: m.code,
      budgetMs: m.timeBudgetMs,
      key: JSON.stringify({ ...query, minPrice, maxPrice }),
      async search(signal) {
        // Settings are read (and credentials opened) inside the budget: a broken key is this
        // source's error, not the whole search's.
        const settings = await deps.marketplaces.getAdapterSettings(ctx, m.code);
        const adapter = deps.pool.get({
          marketplace: { ...settings.marketplace, updatedAt: settings.marketplace.updatedAt },
          credentials: settings.credentials,
        });
        const res = await adapter.search(ctx, { ...query, minPrice, maxPrice }, { signal });
        logDropped(ctx, m.code, res.dropped);
        return { items: res.offers, dropped: res.dropped.length };
      },
    };
  }

  return { search, circuitOf: fanOut.circuitOf, clearCache: fanOut.clearCache };
}

export type MarketplaceSearch = ReturnType<typeof createMarketplaceSearch>;
