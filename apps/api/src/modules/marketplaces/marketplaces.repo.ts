import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import type { SealedCredentials } from "./marketplaces.crypto.ts";
import { marketplaces } from "./marketplaces.tables.ts";

type FullRow = typeof marketplaces.$inferSelect;
/** A row without its sealed credentials: what the module caches and hands to other modules. */
export type MarketplaceRow = Omit<FullRow, "credentialsCiphertext" | "credentialsIv" | "credentialsTag">;
export type MarketplaceKind = MarketplaceRow["kind"];
export type ShipsTo = MarketplaceRow["shipsTo"];

export type MarketplaceFields = {
  name: string;
  kind: MarketplaceKind;
  description?: string;
  logoUrl?: string | null;
  websiteUrl?: string | null;
  rating?: string | null;
  currency: string;
  shipsTo?: ShipsTo;
  apiBaseUrl?: string | null;
  adapterConfig?: Record<string, unknown>;
  timeBudgetMs?: number;
  rateLimitPerMin?: number | null;
  active?: boolean;
};

export type UpsertMarketplaceRow = MarketplaceFields & { code: string };

const {
  credentialsCiphertext: _ciphertext,
  credentialsIv: _iv,
  credentialsTag: _tag,
  ...publicColumns
} = getTableColumns(marketplaces);

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function columnsOf(input: Partial<UpsertMarketplaceRow>) {
  return definedOnly({
    code: input.code,
    name: input.name,
    kind: input.kind,
    description: input.description,
    logoUrl: input.logoUrl,
    websiteUrl: input.websiteUrl,
    rating: input.rating,
    currency: input.currency,
    shipsTo: input.shipsTo,
    apiBaseUrl: input.apiBaseUrl,
    adapterConfig: input.adapterConfig,
    timeBudgetMs: input.timeBudgetMs,
    rateLimitPerMin: input.rateLimitPerMin,
    active: input.active,
  });
}

export async function selectAll(db: Db): Promise<MarketplaceRow[]> {
  return db.select(publicColumns).from(marketplaces).orderBy(marketplaces.name, marketplaces.code);
}

export async function selectByCode(db: Db, code: string): Promise<MarketplaceRow | undefined> {
  const [row] = await db.select(publicColumns).from(marketplaces).where(eq(marketplaces.code, code));
  return row;
}

/** The row with its sealed credentials (undefined fields when none are stored). */
export async function selectSealedByCode(
  db: Db,
  code: string,
): Promise<{ row: MarketplaceRow; sealed: SealedCredentials | undefined } | undefined> {
  const [full] = await db.select().from(marketplaces).where(eq(marketplaces.code, code));
  if (!full) return undefined;
  const { credentialsCiphertext, credentialsIv, credentialsTag, ...row } = full;
  const sealed =
    credentialsCiphertext && credentialsIv && credentialsTag && row.credentialsKeyVersion !== null
      ? {
          ciphertext: credentialsCiphertext,
          iv: credentialsIv,
          tag: credentialsTag,
          keyVersion: row.credentialsKeyVersion,
        }
      : undefined;
  return { row, sealed };
}

/** Insert or update by code; fields left undefined keep their stored value on update. */
export async function upsert(db: Db, input: UpsertMarketplaceRow): Promise<MarketplaceRow> {
  const values = columnsOf(input);
  const [row] = await db
    .insert(marketplaces)
    .values({ id: newId(), ...values, code: input.code, name: input.name, kind: input.kind, currency: input.currency })
    .onConflictDoUpdate({ target: marketplaces.code, set: { ...values, updatedAt: sql`now()` } })
    .returning(publicColumns);
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** Inserts only when the code is free; returns the stored row either way. */
export async function insertIfMissing(db: Db, input: UpsertMarketplaceRow): Promise<MarketplaceRow> {
  await db
    .insert(marketplaces)
    .values({
      id: newId(),
      ...columnsOf(input),
      code: input.code,
      name: input.name,
      kind: input.kind,
      currency: input.currency,
    })
    .onConflictDoNothing({ target: marketplaces.code });
  const row = await selectByCode(db, input.code);
  if (!row) throw new Error(`marketplace ${input.code} vanished`);
  return row;
}

/** Inserts a new marketplace with this id; a taken code raises the unique violation. */
export async function insert(db: Db, id: string, input: UpsertMarketplaceRow): Promise<MarketplaceRow> {
  const [row] = await db
    .insert(marketplaces)
    .values({ id, ...columnsOf(input), code: input.code, name: input.name, kind: input.kind, currency: input.currency })
    .returning(publicColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Updates the given fields; undefined when no such code. */
export async function update(
  db: Db,
  code: string,
  input: Partial<MarketplaceFields>,
): Promise<MarketplaceRow | undefined> {
  const [row] = await db
    .update(marketplaces)
    .set({ ...columnsOf(input), updatedAt: sql`now()` })
    .where(eq(marketplaces.code, code))
    .returning(publicColumns);
  return row;
}

/** Stores (or with undefined, clears) the sealed credentials and their names. */
export async function setCredentials(
  db: Db,
  id: string,
  sealed: SealedCredentials | undefined,
  names: string[],
): Promise<void> {
  await db
    .update(marketplaces)
    .set({
      credentialsCiphertext: sealed?.ciphertext ?? null,
      credentialsIv: sealed?.iv ?? null,
      credentialsTag: sealed?.tag ?? null,
      credentialsKeyVersion: sealed?.keyVersion ?? null,
      credentialNames: names,
      updatedAt: sql`now()`,
    })
    .where(eq(marketplaces.id, id));
}

/** Deletes by code; raises the foreign-key violation while products refer to it. */
export async function deleteByCode(db: Db, code: string): Promise<boolean> {
  const rows = await db.delete(marketplaces).where(eq(marketplaces.code, code)).returning({ id: marketplaces.id });
  return rows.length > 0;
}
