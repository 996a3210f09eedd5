import { MarketplaceErrorCode as E } from "@sokoni/contracts";
import type { Ctx } from "../../platform/ctx.ts";
import { withSavepoint, withTx } from "../../platform/db.ts";
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { CredentialsDecryptError, type CredentialsKeyring, createCredentialsCipher } from "./marketplaces.crypto.ts";
import * as repo from "./marketplaces.repo.ts";

export type Marketplace = repo.MarketplaceRow;
export type MarketplaceKind = repo.MarketplaceKind;
export type UpsertMarketplaceInput = repo.UpsertMarketplaceRow;
export type CreateMarketplaceInput = repo.UpsertMarketplaceRow & { credentials?: Record<string, string> };
export type UpdateMarketplaceInput = Partial<repo.MarketplaceFields> & {
  /** Undefined keeps them; null removes all; a name set to null removes that one. */
  credentials?: Record<string, string | null> | null;
};

/** What a server-side adapter needs to call its store; never sent over HTTP. */
export type AdapterSettings = {
  marketplace: Marketplace;
  apiBaseUrl: string | null;
  adapterConfig: Record<string, unknown>;
  credentials: Record<string, string>;
  timeBudgetMs: number;
  rateLimitPerMin: number | null;
};

/** The house store: Sokoni's own stock, always present. */
export const HOUSE_MARKETPLACE_CODE = "sokoni";

// Marketplaces change rarely and are read for every product in every response, so the whole
// (small) table is cached in process. A write through this module clears the cache at once;
// the TTL bounds how long another process's change (or a rolled-back write) can go unseen.
const CACHE_TTL_MS = 30_000;

type Snapshot = { all: Marketplace[]; byId: Map<string, Marketplace>; byCode: Map<string, Marketplace>; at: number };

export type MarketplacesDeps = { credentialsKeys: CredentialsKeyring };

export function createMarketplacesModule({ credentialsKeys }: MarketplacesDeps) {
  const cipher = createCredentialsCipher(credentialsKeys);
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

  async function writing<T>(fn: () => Promise<T>): Promise<T> {
    cache = undefined;
    try {
      return await fn();
    } finally {
      cache = undefined;
    }
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

  /** The marketplace with this code, active or not. Throws NotFoundError (MARKETPLACE_NOT_FOUND). */
  async function getMarketplaceByCode(ctx: Ctx, code: string): Promise<Marketplace> {
    const found = await findMarketplaceByCode(ctx, code);
    if (!found) throw notFound(code);
    return found;
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
    if (!found) throw new NotFoundError(E.MARKETPLACE_NOT_FOUND, `No marketplace with id ${id}`);
    return found;
  }

  /** Inserts or updates the marketplace with `input.code`; omitted optional fields keep their value. */
  async function upsertMarketplace(ctx: Ctx, input: UpsertMarketplaceInput): Promise<Marketplace> {
    return writing(() => repo.upsert(ctx.db, input));
  }

  /** Guarantees the house marketplace `sokoni` exists (creating it in the store currency); idempotent. */
  async function ensureHouseMarketplace(ctx: Ctx, storeCurrency: string): Promise<Marketplace> {
    const existing = await findMarketplaceByCode(ctx, HOUSE_MARKETPLACE_CODE);
    if (existing) return existing;
    return writing(() =>
      repo.insertIfMissing(ctx.db, {
        code: HOUSE_MARKETPLACE_CODE,
        name: "Sokoni",
        kind: "house",
        description: "Sokoni's own catalogue, shipped from our warehouse",
        currency: storeCurrency,
        shipsTo: "domestic",
        active: true,
      }),
    );
  }

  async function storeCredentials(ctx: Ctx, id: string, credentials: Record<string, string> | undefined) {
    const names = credentials ? Object.keys(credentials).sort() : [];
    const sealed = credentials && names.length > 0 ? cipher.seal(id, credentials) : undefined;
    await repo.setCredentials(ctx.db, id, sealed, sealed ? names : []);
  }

  /**
   * Registers an external marketplace, sealing its credentials. Throws ConflictError
   * (MARKETPLACE_CODE_TAKEN), BusinessRuleError (HOUSE_MARKETPLACE_PROTECTED) for a second house store.
   */
  async function createMarketplace(ctx: Ctx, input: CreateMarketplaceInput): Promise<Marketplace> {
    const { credentials, ...fields } = input;
    if (fields.kind === "house") throw houseProtected("kind", "Only sokoni is the house store");
    const id = newId();
    return writing(() =>
      withTx(ctx, async (tx) => {
        await withSavepoint(tx, (sp) => repo.insert(sp.db, id, fields)).catch((err) => {
          if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
            throw new ConflictError(E.MARKETPLACE_CODE_TAKEN, `A marketplace with code ${input.code} exists`, [
              { path: "code", message: "is already taken" },
            ]);
          }
          throw err;
        });
        if (credentials) await storeCredentials(tx, id, credentials);
        const row = await repo.selectByCode(tx.db, input.code);
        if (!row) throw notFound(input.code);
        return row;
      }),
    );
  }

  /**
   * Changes the given fields; credentials merge by name (see UpdateMarketplaceInput). Throws
   * NotFoundError, BusinessRuleError (HOUSE_MARKETPLACE_PROTECTED, MARKETPLACE_CREDENTIALS_UNREADABLE).
   */
  async function updateMarketplace(ctx: Ctx, code: string, input: UpdateMarketplaceInput): Promise<Marketplace> {
    const { credentials, ...fields } = input;
    const isHouse = code === HOUSE_MARKETPLACE_CODE;
    if (isHouse && fields.kind !== undefined && fields.kind !== "house") {
      throw houseProtected("kind", "The house store keeps kind house");
    }
    if (!isHouse && fields.kind === "house") throw houseProtected("kind", "Only sokoni is the house store");
    if (isHouse && fields.active === false) throw houseProtected("active", "The house store cannot be deactivated");
    return writing(() =>
      withTx(ctx, async (tx) => {
        const current = await repo.selectSealedByCode(tx.db, code);
        if (!current) throw notFound(code);
        if (credentials === null) await storeCredentials(tx, current.row.id, undefined);
        else if (credentials !== undefined) {
          let saved: Record<string, string> = {};
          if (current.sealed) {
            try {
              saved = cipher.open(current.row.id, current.sealed);
            } catch (err) {
              if (!(err instanceof CredentialsDecryptError)) throw err;
              throw new BusinessRuleError(
                E.MARKETPLACE_CREDENTIALS_UNREADABLE,
                "The saved credentials cannot be decrypted with the configured key; remove them (credentials: null) and set them again",
                [{ path: "credentials", message: "the saved credentials cannot be decrypted" }],
              );
            }
          }
          for (const [name, value] of Object.entries(credentials)) {
            if (value === null) delete saved[name];
            else saved[name] = value;
          }
          await storeCredentials(tx, current.row.id, saved);
        }
        const updated = await repo.update(tx.db, code, fields);
        if (!updated) throw notFound(code);
        return updated;
      }),
    );
  }

  /**
   * Deletes a marketplace, or deactivates it when products still refer to it (they keep their
   * store). Throws NotFoundError, BusinessRuleError (HOUSE_MARKETPLACE_PROTECTED).
   */
  async function removeMarketplace(ctx: Ctx, code: string): Promise<{ outcome: "deleted" | "deactivated" }> {
    if (code === HOUSE_MARKETPLACE_CODE) throw houseProtected("code", "The house store cannot be deleted");
    return writing(() =>
      withTx(ctx, async (tx) => {
        try {
          const deleted = await withSavepoint(tx, (sp) => repo.deleteByCode(sp.db, code));
          if (!deleted) throw notFound(code);
          return { outcome: "deleted" as const };
        } catch (err) {
          if (pgErrorCode(err) !== PG_FOREIGN_KEY_VIOLATION) throw err;
        }
        await repo.update(tx.db, code, { active: false });
        return { outcome: "deactivated" as const };
      }),
    );
  }

  /**
   * Base URL, adapter config and decrypted credentials of one marketplace, for server-side
   * adapters only. Throws NotFoundError, CredentialsDecryptError when the key cannot open them.
   */
  async function getAdapterSettings(ctx: Ctx, code: string): Promise<AdapterSettings> {
    const found = await repo.selectSealedByCode(ctx.db, code);
    if (!found) throw notFound(code);
    const { row, sealed } = found;
    return {
      marketplace: row,
      apiBaseUrl: row.apiBaseUrl,
      adapterConfig: row.adapterConfig,
      credentials: sealed ? cipher.open(row.id, sealed) : {},
      timeBudgetMs: row.timeBudgetMs,
      rateLimitPerMin: row.rateLimitPerMin,
    };
  }

  return {
    listMarketplaces,
    findMarketplaceByCode,
    getMarketplaceByCode,
    findMarketplace,
    getMarketplace,
    upsertMarketplace,
    ensureHouseMarketplace,
    createMarketplace,
    updateMarketplace,
    removeMarketplace,
    getAdapterSettings,
  };
}

function notFound(code: string) {
  return new NotFoundError(E.MARKETPLACE_NOT_FOUND, `No marketplace with code ${code}`);
}

function houseProtected(path: string, message: string) {
  return new BusinessRuleError(E.HOUSE_MARKETPLACE_PROTECTED, message, [{ path, message }]);
}

export type MarketplacesModule = ReturnType<typeof createMarketplacesModule>;
