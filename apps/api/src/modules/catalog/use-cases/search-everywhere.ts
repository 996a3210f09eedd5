import type { Ctx } from "../../../platform/ctx.ts";
import { minorDigits } from "../../../platform/money.ts";
import {
  type DeliveryEstimate,
  deliveryEstimateOf,
  type MarketplaceSearch,
  type MarketplacesModule,
  type SourceReport,
} from "../../marketplaces/index.ts";
import * as repo from "../catalog.repo.ts";
import { type GroupSort, searchGroups } from "../search/index.ts";
import type { createCategories } from "./categories.ts";
import type { createFxRates } from "./fx-rates.ts";
import { priceBounds } from "./price-filter.ts";
import type { createProducts, Product } from "./products.ts";

export type SearchEverywhereInput = {
  q: string;
  category?: string;
  /** Store-currency major units. */
  minPrice?: string | number;
  maxPrice?: string | number;
  sort?: GroupSort;
  page: number;
  pageSize: number;
};

/** One offer of an item: a product (house or a marketplace's) and how long it takes to the door. */
export type ItemOffer = { product: Product; delivery: DeliveryEstimate };

/** An item: the offers of the same thing across stores (one relation token), cheapest first. */
export type AggregatedItem = {
  key: string;
  offers: ItemOffer[];
  cheapestId: string;
  bestRatedId: string | null;
  minStoreMinor: number;
  maxStoreMinor: number;
};

export type SearchEverywhereResult = {
  items: AggregatedItem[];
  total: number;
  page: number;
  pageSize: number;
  sources: (SourceReport & { name: string })[];
};

/** How many offers each marketplace is asked for: its first page of best matches. */
const PER_SOURCE = 20;
/** Offers shown per item (the rest stay one click away on the product's offers). */
const OFFERS_PER_ITEM = 20;

type Deps = {
  marketplaces: MarketplacesModule;
  marketplaceSearch: MarketplaceSearch | undefined;
  categories: ReturnType<typeof createCategories>;
  fx: ReturnType<typeof createFxRates>;
  products: Pick<ReturnType<typeof createProducts>, "upsertOffers" | "findOfferIds" | "toProduct">;
  storeCurrency: string;
};

/**
 * The one search over the house catalog and every active marketplace (issue 6): the
 * marketplaces are asked at once, each within its time budget; what they answer is kept in the
 * catalog (so it can be carted by id) and matched into items; then a page of items is read from
 * the catalog, ranked by relevance, price, rating or delivery, each with its offers side by side.
 * `sources` tells how every marketplace answered. Throws ValidationError for bad price bounds.
 */
export function createSearchEverywhere(deps: Deps) {
  const { marketplaces, products, fx, categories, storeCurrency } = deps;

  /** A store-currency amount in another currency's minor units (min rounds down, max up); undefined without a rate. */
  async function inCurrency(ctx: Ctx, minor: number | undefined, currency: string, round: "down" | "up") {
    if (minor === undefined) return undefined;
    const rate = Number(await fx.findFxRate(ctx, currency));
    if (!Number.isFinite(rate) || rate <= 0) return undefined;
    const major = minor / 10 ** minorDigits(storeCurrency) / rate;
    const scaled = major * 10 ** minorDigits(currency);
    return round === "down" ? Math.floor(scaled) : Math.ceil(scaled);
  }

  async function searchEverywhere(ctx: Ctx, input: SearchEverywhereInput): Promise<SearchEverywhereResult> {
    const { minStoreMinor, maxStoreMinor } = priceBounds(storeCurrency, input.minPrice, input.maxPrice);
    const sort = input.sort ?? "relevance";

    const fanned = deps.marketplaceSearch
      ? await deps.marketplaceSearch.search(ctx, {
          q: input.q,
          category: input.category,
          sort: sort === "delivery" ? "relevance" : sort,
          page: 1,
          pageSize: PER_SOURCE,
          priceBounds: async (currency) => ({
            minPrice: await inCurrency(ctx, minStoreMinor, currency, "down"),
            maxPrice: await inCurrency(ctx, maxStoreMinor, currency, "up"),
          }),
        })
      : { results: [], reports: [] };

    // One store after the other: a later store's offers can join the items an earlier one brought.
    const freshIds: string[] = [];
    for (const r of fanned.results) {
      if (r.offers.length === 0) continue;
      if (r.fromCache) {
        // The same answer was kept when it first came (within the cache's minute): read, don't rewrite.
        freshIds.push(
          ...(await products.findOfferIds(
            ctx,
            r.marketplace.id,
            r.offers.map((o) => o.externalId),
          )),
        );
        continue;
      }
      const { ids, skipped } = await products.upsertOffers(ctx, r.marketplace.id, r.offers);
      if (skipped.length > 0) ctx.log.warn({ marketplace: r.marketplace.code, skipped }, "marketplace offers skipped");
      freshIds.push(...ids);
    }

    const all = (await marketplaces.listMarketplaces(ctx, { includeInactive: true })).items;
    const hidden = all.filter((m) => !m.active).map((m) => m.id);
    const categoryIds =
      input.category === undefined ? undefined : ((await categories.categorySubtreeIds(ctx, input.category)) ?? []);
    const { groups, total } = await searchGroups(ctx.db, {
      q: input.q,
      // Fresh offers come from the marketplaces' own category search: theirs have no category here.
      categoryIds: categoryIds && freshIds.length === 0 ? categoryIds : undefined,
      freshIds,
      minStoreMinor,
      maxStoreMinor,
      hiddenMarketplaceIds: hidden,
      houseMarketplaceIds: all.filter((m) => m.kind === "house").map((m) => m.id),
      deliveryDays: all.map((m) => ({ marketplaceId: m.id, days: deliveryEstimateOf(m).minDays })),
      sort,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });

    const rows = await repo.selectItemOffers(ctx.db, groups, hidden, OFFERS_PER_ITEM);
    const byId = new Map(all.map((m) => [m.id, m]));
    const offersOf = new Map<string, ItemOffer[]>();
    for (const row of rows) {
      const product = await products.toProduct(ctx, row);
      const m = byId.get(row.marketplace_id);
      const list = offersOf.get(row.grp) ?? [];
      list.push({ product, delivery: m ? deliveryEstimateOf(m) : { route: "warehouse", minDays: 7, maxDays: 14 } });
      offersOf.set(row.grp, list);
    }
    const items = groups.flatMap((key) => {
      const offers = offersOf.get(key);
      return offers && offers.length > 0 ? [toItem(key, offers)] : [];
    });
    return { items, total, page: input.page, pageSize: input.pageSize, sources: fanned.reports };
  }

  return { searchEverywhere };
}

function toItem(key: string, offers: ItemOffer[]): AggregatedItem {
  const prices = offers.map((o) => o.product.storePriceMinor);
  const rated = offers.filter((o) => o.product.rating !== null);
  const best = rated.reduce<ItemOffer | undefined>(
    (a, o) => (!a || Number(o.product.rating) > Number(a.product.rating) ? o : a),
    undefined,
  );
  return {
    key,
    offers,
    // Rows come cheapest first.
    cheapestId: offers[0]?.product.id ?? "",
    bestRatedId: best?.product.id ?? null,
    minStoreMinor: Math.min(...prices),
    maxStoreMinor: Math.max(...prices),
  };
}
