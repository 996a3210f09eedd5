import type { Ctx } from "../../platform/ctx.ts";
import { NotFoundError } from "../../platform/errors.ts";
import * as repo from "./marketplaces.repo.ts";

export type Marketplace = repo.MarketplaceRow;
export type MarketplaceKind = repo.MarketplaceKind;
export type UpsertMarketplaceInput = repo.UpsertMarketplaceRow;

/** The house store: Sokoni's own stock, always present. */
export const HOUSE_MARKETPLACE_CODE = "sokoni";

// Marketplaces change rarely and are read for every product in every response, so the whole
// (small) table is cached in process. An upsert through this module clears the cache at once;
// the TTL bounds how long another process's change (or a rolled-back upsert) can go unseen.
const CACHE_TTL_MS = 30_000;

type Snapshot = { all: Marketplace[]; byId: Map<string, Marketplace>; byCode: Map<string, Marketplace>; at: number };

export function createMarketplacesModule() {
  let cache: Snapshot | undefined;

  async function snapshot(ctx: Ctx, fresh = false): Promise<Snapshot> {
    if (!fresh && cache && Date.now() - cache.at < CACHE_TTL_MS) return cache;
    const all = await repo.selectAll(ctx.db);
    cache = {
      all,
      byId: new Map(all.map((m) => [m.id, m])),
      byCode: new Map(all.map((m) => [m.code, m])),
      at: Date.now(),
    };
    return cache;
  }

  /** Active marketplaces sorted by name (inactive ones too when asked). */
  async function listMarketplaces(
    ctx: Ctx,
    opts: { includeInactive?: boolean } = {},
  ): Promise<{ items: Marketplace[]; total: number }> {
    const { all } = await snapshot(ctx);
    const items = opts.includeInactive ? all : all.filter((m) => m.active);
    return { items, total: items.length };
  }

  /** The marketplace with this code, active or not, or undefined. */
  async function findMarketplaceByCode(ctx: Ctx, code: string): Promise<Marketplace | undefined> {
    const hit = (await snapshot(ctx)).byCode.get(code);
    if (hit) return hit;
    return (await snapshot(ctx, true)).byCode.get(code);
  }

  /** The marketplace with this id, or undefined. */
  async function findMarketplace(ctx: Ctx, id: string): Promise<Marketplace | undefined> {
    const hit = (await snapshot(ctx)).byId.get(id);
    if (hit) return hit;
    return (await snapshot(ctx, true)).byId.get(id);
  }

  /** The marketplace with this id. Throws NotFoundError (MARKETPLACE_NOT_FOUND). */
  async function getMarketplace(ctx: Ctx, id: string): Promise<Marketplace> {
    const found = await findMarketplace(ctx, id);
    if (!found) throw new NotFoundError("MARKETPLACE_NOT_FOUND", `No marketplace with id ${id}`);
    return found;
  }

  /** Inserts or updates the marketplace with `input.code`; omitted optional fields keep their value. */
  async function upsertMarketplace(ctx: Ctx, input: UpsertMarketplaceInput): Promise<Marketplace> {
    cache = undefined;
    const row = await repo.upsert(ctx.db, input);
    cache = undefined;
    return row;
  }

  /** Guarantees the house marketplace `sokoni` exists (creating it in the store currency); idempotent. */
  async function ensureHouseMarketplace(ctx: Ctx, storeCurrency: string): Promise<Marketplace> {
    const existing = await findMarketplaceByCode(ctx, HOUSE_MARKETPLACE_CODE);
    if (existing) return existing;
    cache = undefined;
    const row = await repo.insertIfMissing(ctx.db, {
      code: HOUSE_MARKETPLACE_CODE,
      name: "Sokoni",
      kind: "house",
      description: "Sokoni's own catalogue, shipped from our warehouse",
      currency: storeCurrency,
      active: true,
    });
    cache = undefined;
    return row;
  }

  return {
    listMarketplaces,
    findMarketplaceByCode,
    findMarketplace,
    getMarketplace,
    upsertMarketplace,
    ensureHouseMarketplace,
  };
}

export type MarketplacesModule = ReturnType<typeof createMarketplacesModule>;
