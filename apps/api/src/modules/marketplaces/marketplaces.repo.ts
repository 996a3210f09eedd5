import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { marketplaces } from "./marketplaces.tables.ts";

export type MarketplaceRow = typeof marketplaces.$inferSelect;
export type MarketplaceKind = MarketplaceRow["kind"];

export type UpsertMarketplaceRow = {
  code: string;
  name: string;
  kind: MarketplaceKind;
  description?: string;
  logoUrl?: string | null;
  websiteUrl?: string | null;
  rating?: string | null;
  currency: string;
  active?: boolean;
};

export async function selectAll(db: Db): Promise<MarketplaceRow[]> {
  return db.select().from(marketplaces).orderBy(marketplaces.name, marketplaces.code);
}

export async function selectByCode(db: Db, code: string): Promise<MarketplaceRow | undefined> {
  const [row] = await db.select().from(marketplaces).where(eq(marketplaces.code, code));
  return row;
}

/** Insert or update by code; fields left undefined keep their stored value on update. */
export async function upsert(db: Db, input: UpsertMarketplaceRow): Promise<MarketplaceRow> {
  const values = {
    code: input.code,
    name: input.name,
    kind: input.kind,
    description: input.description,
    logoUrl: input.logoUrl,
    websiteUrl: input.websiteUrl,
    rating: input.rating,
    currency: input.currency,
    active: input.active,
  };
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const [row] = await db
    .insert(marketplaces)
    .values({ id: newId(), ...values, description: input.description ?? "" })
    .onConflictDoUpdate({ target: marketplaces.code, set: { ...set, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error("upsert returned no row");
  return row;
}

/** Inserts only when the code is free; returns the stored row either way. */
export async function insertIfMissing(db: Db, input: UpsertMarketplaceRow): Promise<MarketplaceRow> {
  await db
    .insert(marketplaces)
    .values({ id: newId(), ...input, description: input.description ?? "" })
    .onConflictDoNothing({ target: marketplaces.code });
  const row = await selectByCode(db, input.code);
  if (!row) throw new Error(`marketplace ${input.code} vanished`);
  return row;
}
