import { sql } from "drizzle-orm";
import type { Ctx } from "../../../platform/ctx.ts";
import { queryRows } from "../../../platform/db.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { MarketplacesModule } from "../../marketplaces/index.ts";

/**
 * A product as a cart or a checkout prices it: current price in its own currency and in the store
 * currency (store_price_minor, kept in step with fx_rates), its marketplace, and whether it can be
 * bought. Archived products are included so that carts can show them as unavailable.
 */
export type Purchasable = {
  id: string;
  name: string;
  imageUrl: string | null;
  marketplaceId: string;
  marketplaceCode: string;
  marketplaceName: string;
  /** Sokoni's own stock (marketplace kind `house`): `stock` is real and limits quantities. */
  isHouse: boolean;
  priceMinor: number;
  currency: string;
  storePriceMinor: number;
  storeCurrency: string;
  /** Store-currency units per 1 unit of `currency` (fx_rates) that storePriceMinor was priced at; undefined without a rate. */
  fxRate: string | undefined;
  stock: number;
  /** The product's available flag AND its marketplace is active; says nothing about status or stock. */
  available: boolean;
  status: "active" | "archived";
};

type Row = {
  id: string;
  name: string;
  image_url: string | null;
  marketplace_id: string;
  price_minor: number | string;
  currency: string;
  store_price_minor: number | string;
  fx_rate: string | null;
  stock: number;
  available: boolean;
  status: "active" | "archived";
};

export function createPurchasables({
  marketplaces,
  storeCurrency,
}: {
  marketplaces: MarketplacesModule;
  storeCurrency: string;
}) {
  /**
   * The products with these ids, active or archived, in one query (unknown or malformed ids are
   * simply absent from the result; order is not guaranteed). Marketplaces come from their module's cache.
   */
  async function getPurchasables(ctx: Ctx, productIds: string[]): Promise<Purchasable[]> {
    const ids = [...new Set(productIds.filter(isUuid))];
    if (ids.length === 0) return [];
    const rows = await queryRows<Row>(
      ctx.db,
      sql`select p.id, p.name, p.image_url, p.marketplace_id, p.price_minor, p.currency, p.store_price_minor,
                 case when p.currency = ${storeCurrency} then '1' else r.rate::text end as fx_rate,
                 p.stock, p.available, p.status
            from catalog.products p left join catalog.fx_rates r on r.currency = p.currency
           where p.id = any(${sql.param(ids)}::uuid[])`,
    );
    return Promise.all(
      rows.map(async (row) => {
        const m = await marketplaces.getMarketplace(ctx, row.marketplace_id);
        return {
          id: row.id,
          name: row.name,
          imageUrl: row.image_url,
          marketplaceId: m.id,
          marketplaceCode: m.code,
          marketplaceName: m.name,
          isHouse: m.kind === "house",
          priceMinor: Number(row.price_minor),
          currency: row.currency,
          storePriceMinor: Number(row.store_price_minor),
          storeCurrency,
          fxRate: row.fx_rate ?? undefined,
          stock: Number(row.stock),
          available: row.available && m.active,
          status: row.status,
        };
      }),
    );
  }

  return { getPurchasables };
}
