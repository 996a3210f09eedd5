import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { accounts, entries } from "./wallet.tables.ts";

export type EntryRow = typeof entries.$inferSelect;
export type EntryKind = EntryRow["kind"];
export type NewEntryRow = typeof entries.$inferInsert;

/**
 * Creates the wallet row if missing and locks it until the transaction ends, in one statement
 * (ON CONFLICT DO UPDATE locks the existing row); every balance change goes through it. Throws
 * the driver's FK violation for an unknown user.
 */
export async function lockAccount(db: Db, userId: string, currency: string): Promise<{ currency: string }> {
  const [row] = await db
    .insert(accounts)
    .values({ userId, currency })
    .onConflictDoUpdate({ target: accounts.userId, set: { userId: sql`excluded.user_id` } })
    .returning({ currency: accounts.currency });
  if (!row) throw new Error(`wallet of ${userId} could not be locked`);
  return row;
}

export async function sumBalance(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${entries.amountMinor}), 0)::bigint` })
    .from(entries)
    .where(eq(entries.userId, userId));
  return Number(row?.total ?? 0);
}

export async function findByReference(db: Db, kind: EntryKind, reference: string): Promise<EntryRow | undefined> {
  const [row] = await db
    .select()
    .from(entries)
    .where(and(eq(entries.kind, kind), eq(entries.reference, reference)));
  return row;
}

/** Inserts the entry; returns undefined when (kind, reference) is already taken. */
export async function insertEntry(db: Db, values: NewEntryRow): Promise<EntryRow | undefined> {
  const [row] = await db.insert(entries).values(values).onConflictDoNothing().returning();
  return row;
}

export async function listEntries(
  db: Db,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: EntryRow[]; total: number }> {
  const items = await db
    .select()
    .from(entries)
    .where(eq(entries.userId, userId))
    .orderBy(desc(entries.createdAt), desc(entries.id))
    .limit(page.limit)
    .offset(page.offset);
  const [totals] = await db.select({ n: count() }).from(entries).where(eq(entries.userId, userId));
  return { items, total: totals?.n ?? 0 };
}
