import { and, arrayContains, count, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { emails } from "./notifications.tables.ts";

export type EmailRow = typeof emails.$inferSelect;
export type EmailStatus = EmailRow["status"];
export type NewEmailRow = typeof emails.$inferInsert;

/** Inserts the email unless its dedupe key is taken; undefined when it was. */
export async function insertQueued(db: Db, row: NewEmailRow): Promise<EmailRow | undefined> {
  const [inserted] = await db.insert(emails).values(row).onConflictDoNothing({ target: emails.dedupeKey }).returning();
  return inserted;
}

export async function selectById(db: Db, id: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row;
}

export async function selectByDedupeKey(db: Db, dedupeKey: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emails).where(eq(emails.dedupeKey, dedupeKey));
  return row;
}

export async function markSent(db: Db, id: string): Promise<void> {
  await db
    .update(emails)
    .set({ status: "sent", sentAt: sql`now()`, attempts: sql`${emails.attempts} + 1`, error: null })
    .where(eq(emails.id, id));
}

/** Counts a failed attempt; `final` marks the email failed (no retry left), else it stays queued. */
export async function markAttemptFailed(db: Db, id: string, error: string, final: boolean): Promise<void> {
  await db
    .update(emails)
    .set({ attempts: sql`${emails.attempts} + 1`, error, ...(final ? { status: "failed" as const } : {}) })
    .where(and(eq(emails.id, id), sql`${emails.status} <> 'sent'`));
}

/** Marks the outbox row with this Message-ID as received by the catcher; false when none has it. */
export async function markCaught(db: Db, messageId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(emails)
    .set({ caughtAt: at })
    .where(eq(emails.messageId, messageId))
    .returning({ id: emails.id });
  return rows.length > 0;
}

export async function insertCaught(db: Db, row: NewEmailRow): Promise<void> {
  await db.insert(emails).values(row).onConflictDoNothing({ target: emails.messageId });
}

export type EmailFilter = { to?: string; template?: string; status?: EmailStatus };
export type EmailSummaryRow = Omit<EmailRow, "text" | "html">;

/** Newest first; `to` matches any recipient (addresses are stored lower-cased). */
export async function list(
  db: Db,
  filter: EmailFilter,
  paging: { limit: number; offset: number },
): Promise<{ items: EmailSummaryRow[]; total: number }> {
  const where: SQL[] = [];
  if (filter.to) where.push(arrayContains(emails.to, [filter.to.toLowerCase()]));
  if (filter.template) where.push(eq(emails.template, filter.template));
  if (filter.status) where.push(eq(emails.status, filter.status));
  const condition = where.length > 0 ? and(...where) : undefined;
  const { text: _text, html: _html, ...summary } = getTableColumns(emails);
  const [items, [totalRow]] = await Promise.all([
    db
      .select(summary)
      .from(emails)
      .where(condition)
      .orderBy(desc(emails.createdAt), desc(emails.id))
      .limit(paging.limit)
      .offset(paging.offset),
    db.select({ total: count() }).from(emails).where(condition),
  ]);
  return { items, total: totalRow?.total ?? 0 };
}
