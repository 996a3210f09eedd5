import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { messages } from "./support.tables.ts";

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
export type MessageStatus = MessageRow["status"];

export async function insertMessage(db: Db, values: NewMessageRow): Promise<MessageRow> {
  const [row] = await db.insert(messages).values(values).returning();
  if (!row) throw new Error("support message insert returned no row");
  return row;
}

export async function findMessage(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<MessageRow | undefined> {
  const query = db.select().from(messages).where(eq(messages.id, id));
  const [row] = opts.lock ? await query.for("update") : await query;
  return row;
}

export async function listMessages(
  db: Db,
  filter: { status?: MessageStatus },
  page: { limit: number; offset: number },
): Promise<{ items: MessageRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(messages.status, filter.status));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const items = await db
    .select()
    .from(messages)
    .where(where)
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.limit)
    .offset(page.offset);
  const [totals] = await db.select({ n: count() }).from(messages).where(where);
  return { items, total: totals?.n ?? 0 };
}

export async function updateStatus(
  db: Db,
  id: string,
  change: { status: MessageStatus; by: string | null; at: Date },
): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ status: change.status, statusChangedAt: change.at, statusChangedBy: change.by })
    .where(eq(messages.id, id))
    .returning();
  return row;
}
