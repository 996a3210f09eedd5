import { sql } from "drizzle-orm";
import type { Ctx } from "../../../platform/ctx.ts";
import { queryRows } from "../../../platform/db.ts";
import type { MarketplacesModule } from "../../marketplaces/index.ts";

export type StockLine = { productId: string; quantity: number };

/** A house product that could not cover its line: what was asked and what is left. */
export type StockShortage = { productId: string; name: string; requested: number; available: number };

/**
 * Stock of the house store (marketplace kind `house`). External marketplaces' products carry a
 * cached availability but no stock of ours, so their lines are neither reserved nor released.
 */
export function createStock({ marketplaces }: { marketplaces: MarketplacesModule }) {
  async function houseIds(ctx: Ctx): Promise<string[]> {
    const all = await marketplaces.listMarketplaces(ctx, { includeInactive: true });
    return all.items.filter((m) => m.kind === "house").map((m) => m.id);
  }

  /**
   * Takes the lines' quantities off house stock with conditional decrements
   * (`stock = stock - q where stock >= q`), so concurrent buyers can never oversell. Lines run in
   * product-id order so two carts holding the same products never deadlock. Call it inside the
   * checkout transaction: with shortages the caller must roll back, because the lines that did
   * fit have been decremented.
   */
  async function reserveStock(ctx: Ctx, lines: StockLine[]): Promise<{ shortages: StockShortage[] }> {
    const house = await houseIds(ctx);
    const shortages: StockShortage[] = [];
    for (const line of merge(lines)) {
      const [taken] = await queryRows<{ id: string }>(
        ctx.db,
        sql`update catalog.products set stock = stock - ${line.quantity}, updated_at = now()
            where id = ${line.productId} and stock >= ${line.quantity}
              and marketplace_id = any(${sql.param(house)}::uuid[])
            returning id`,
      );
      if (taken) continue;
      const [row] = await queryRows<{ name: string; stock: number; house: boolean }>(
        ctx.db,
        sql`select name, stock, marketplace_id = any(${sql.param(house)}::uuid[]) as house
            from catalog.products where id = ${line.productId}`,
      );
      if (row && !row.house) continue;
      shortages.push({
        productId: line.productId,
        name: row?.name ?? "unknown product",
        requested: line.quantity,
        available: row ? Number(row.stock) : 0,
      });
    }
    return { shortages };
  }

  /** Puts reserved quantities back (an order cancelled or expired before it shipped). */
  async function releaseStock(ctx: Ctx, lines: StockLine[]): Promise<void> {
    const house = await houseIds(ctx);
    for (const line of merge(lines)) {
      await ctx.db.execute(
        sql`update catalog.products set stock = stock + ${line.quantity}, updated_at = now()
            where id = ${line.productId} and marketplace_id = any(${sql.param(house)}::uuid[])`,
      );
    }
  }

  return { reserveStock, releaseStock };
}

/** One line per product (quantities added), in id order. */
function merge(lines: StockLine[]): StockLine[] {
  const byId = new Map<string, number>();
  for (const l of lines) byId.set(l.productId, (byId.get(l.productId) ?? 0) + l.quantity);
  return [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({
      productId,
      quantity,
    }));
}
