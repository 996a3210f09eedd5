import { and, count, desc, eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db.ts";
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

/**
 * Inserts a debit (a negative entry) only if the balance covers it, in one statement: the caller
 * holds the wallet row lock, so the sum cannot move underneath. Returns undefined when the balance
 * is short or (kind, reference) is already taken; the caller tells which.
 */
export async function insertDebitIfCovered(db: Db, values: NewEntryRow): Promise<EntryRow | undefined> {
  const rows = await queryRows<{
    id: string;
    user_id: string;
    amount_minor: number | string;
    currency: string;
    kind: EntryKind;
    reason: string;
    reference: string | null;
    created_by: string | null;
    created_at: Date | string;
  }>(
    db,
    sql`insert into wallet.entries (id, user_id, amount_minor, currency, kind, reason, reference, created_by)
        select ${values.id}::uuid, ${values.userId}::uuid, ${values.amountMinor}::bigint, ${values.currency},
               ${values.kind}, ${values.reason}, ${values.reference ?? null}, ${values.createdBy ?? null}::uuid
         where (select coalesce(sum(amount_minor), 0) from wallet.entries where user_id = ${values.userId}::uuid)
               >= ${-values.amountMinor}::bigint
        on conflict do nothing
        returning id, user_id, amount_minor, currency, kind, reason, reference, created_by, created_at`,
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    userId: r.user_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    kind: r.kind,
    reason: r.reason,
    reference: r.reference,
    createdBy: r.created_by,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}
