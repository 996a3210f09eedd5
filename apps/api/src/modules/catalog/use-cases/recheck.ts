import { sql } from "drizzle-orm";
import type { Ctx } from "../../../platform/ctx.ts";
import { queryRows } from "../../../platform/db.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { AdapterPool, Marketplace, MarketplacesModule, ProductLookup } from "../../marketplaces/index.ts";
import type { createProducts } from "./products.ts";
import type { createPurchasables, Purchasable } from "./purchasables.ts";

/** What a quote or a checkout learns about one product by asking its marketplace again. */
export type Recheck = {
  productId: string;
  /**
   * refreshed: the marketplace answered and the catalog now holds its price and availability;
   * gone: it no longer has the item (the product is made unavailable); unchecked: it did not
   * answer in its time budget, failed or sent something unusable, so the last known price stays.
   */
  outcome: "refreshed" | "gone" | "unchecked";
  /** Why it stayed unchecked, in words safe to show (never a credential or a raw body). */
  reason: string | null;
  /** Store-currency price (minor units) and availability before and after asking. */
  previousStorePriceMinor: number;
  storePriceMinor: number;
  wasAvailable: boolean;
  available: boolean;
};

/** How a re-checked line changed for the shopper; null when it did not. */
export type PriceChange = "price_up" | "price_down" | "unavailable";

export function changeOf(r: Recheck): PriceChange | null {
  if (r.wasAvailable && !r.available) return "unavailable";
  if (!r.available) return null;
  if (r.storePriceMinor > r.previousStorePriceMinor) return "price_up";
  if (r.storePriceMinor < r.previousStorePriceMinor) return "price_down";
  return null;
}

type Deps = {
  marketplaces: MarketplacesModule;
  pool: AdapterPool;
  products: Pick<ReturnType<typeof createProducts>, "upsertOffers" | "markExternalGone">;
  purchasables: ReturnType<typeof createPurchasables>;
};

class BudgetExceeded extends Error {}

/**
 * Asks each external product's marketplace for it again before money changes hands (cart quote,
 * checkout): all at once, each within its marketplace's time budget (settings read and
 * credentials opened inside it), through the process's adapter pool. A fresh answer is written
 * into the catalog (upsertOffers: price, availability, rating); an item the marketplace no longer
 * has is made unavailable; a marketplace that does not answer leaves the product as it was.
 */
export function createRecheck({ marketplaces, pool, products, purchasables }: Deps) {
  async function recheckExternalProducts(ctx: Ctx, productIds: string[]): Promise<Recheck[]> {
    const ids = [...new Set(productIds.filter(isUuid))];
    const before = (await purchasables.getPurchasables(ctx, ids)).filter(
      (p) => !p.isHouse && p.status === "active" && p.available,
    );
    if (before.length === 0) return [];
    const externals = new Map(
      (
        await queryRows<{ id: string; external_id: string | null }>(
          ctx.db,
          sql`select id, external_id from catalog.products where id = any(${sql.param(before.map((p) => p.id))}::uuid[])`,
        )
      ).map((r) => [r.id, r.external_id]),
    );
    const asked = await Promise.all(
      before.map(async (p) => ({ p, ...(await ask(ctx, p, externals.get(p.id) ?? null)) })),
    );
    const after = new Map((await purchasables.getPurchasables(ctx, ids)).map((p) => [p.id, p]));
    return asked.map(({ p, outcome, reason }) => {
      const now = after.get(p.id) ?? p;
      return {
        productId: p.id,
        outcome,
        reason,
        previousStorePriceMinor: p.storePriceMinor,
        storePriceMinor: now.storePriceMinor,
        wasAvailable: true,
        available: now.status === "active" && now.available,
      };
    });
  }

  async function ask(
    ctx: Ctx,
    p: Purchasable,
    externalId: string | null,
  ): Promise<{ outcome: Recheck["outcome"]; reason: string | null }> {
    if (!externalId) return { outcome: "unchecked", reason: "the product has no marketplace id" };
    let m: Marketplace;
    try {
      m = await marketplaces.getMarketplace(ctx, p.marketplaceId);
    } catch {
      return { outcome: "unchecked", reason: "its marketplace is unknown" };
    }
    if (!m.apiBaseUrl) return { outcome: "unchecked", reason: `${m.name} has no API to ask` };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    try {
      const budget = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort(new BudgetExceeded());
          reject(new BudgetExceeded());
        }, m.timeBudgetMs);
      });
      const lookup = await Promise.race([lookUp(ctx, m.code, externalId, controller.signal), budget]);
      if (lookup.status === "not_found") {
        await products.markExternalGone(ctx, p.id);
        return { outcome: "gone", reason: null };
      }
      if (lookup.status === "dropped") {
        ctx.log.warn({ marketplace: m.code, dropped: [lookup.dropped] }, "re-check answer dropped");
        return { outcome: "unchecked", reason: `${m.name} sent an unusable answer` };
      }
      const { skipped } = await products.upsertOffers(ctx, p.marketplaceId, [{ ...lookup.offer, externalId }]);
      if (skipped.length > 0) return { outcome: "unchecked", reason: skipped[0]?.reason ?? "no price" };
      return { outcome: "refreshed", reason: null };
    } catch (err) {
      const timedOut = err instanceof BudgetExceeded;
      ctx.log.warn(
        {
          marketplace: m.code,
          product_id: p.id,
          latency_ms: Date.now() - started,
          err: timedOut ? undefined : err instanceof Error ? err.message : String(err),
        },
        timedOut ? "re-check timed out" : "re-check failed",
      );
      return {
        outcome: "unchecked",
        reason: timedOut ? `${m.name} did not answer within ${m.timeBudgetMs} ms` : `${m.name} could not be reached`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async function lookUp(ctx: Ctx, code: string, externalId: string, signal: AbortSignal): Promise<ProductLookup> {
    const settings = await marketplaces.getAdapterSettings(ctx, code);
    const adapter = pool.get({ marketplace: settings.marketplace, credentials: settings.credentials });
    return adapter.getProduct(ctx, externalId, { signal });
  }

  return { recheckExternalProducts };
}
