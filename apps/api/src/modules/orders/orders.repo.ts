import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import type { ItemStatus, OrderStatus } from "./order-status.ts";
import { orderItems, orders, statusHistory } from "./orders.tables.ts";

/** Queries of the orders tables: plain functions of a db handle (pool or transaction). */

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type NewOrderItemRow = typeof orderItems.$inferInsert;
export type StatusHistoryRow = typeof statusHistory.$inferSelect;
export type NewStatusHistoryRow = typeof statusHistory.$inferInsert;

export async function insertOrder(
  db: Db,
  order: NewOrderRow,
  items: NewOrderItemRow[],
): Promise<{ row: OrderRow; items: OrderItemRow[] }> {
  const [row] = await db.insert(orders).values(order).returning();
  if (!row) throw new Error("insert into orders returned no row");
  const itemRows = items.length > 0 ? await db.insert(orderItems).values(items).returning() : [];
  return { row, items: itemRows };
}

export async function findOrder(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<OrderRow | undefined> {
  const query = db.select().from(orders).where(eq(orders.id, id));
  const [row] = await (opts.lock ? query.for("update") : query);
  return row;
}

export async function findOrderByNumber(db: Db, number: number): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.number, number));
  return row;
}

export async function selectItems(db: Db, orderIds: string[]): Promise<OrderItemRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .orderBy(asc(orderItems.marketplaceName), asc(orderItems.createdAt), asc(orderItems.id));
}

export async function selectHistory(db: Db, orderId: string): Promise<StatusHistoryRow[]> {
  return db
    .select()
    .from(statusHistory)
    .where(eq(statusHistory.orderId, orderId))
    .orderBy(asc(statusHistory.createdAt), asc(statusHistory.id));
}

export async function insertHistory(db: Db, rows: NewStatusHistoryRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(statusHistory).values(rows);
}

export async function updateOrder(db: Db, id: string, values: Partial<NewOrderRow>): Promise<OrderRow> {
  const [row] = await db
    .update(orders)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(orders.id, id))
    .returning();
  if (!row) throw new Error(`order ${id} vanished during an update`);
  return row;
}

export async function updateItemStatus(db: Db, itemId: string, status: ItemStatus): Promise<void> {
  await db.update(orderItems).set({ status, updatedAt: sql`now()` }).where(eq(orderItems.id, itemId));
}

export async function updateItemsStatus(db: Db, itemIds: string[], status: ItemStatus): Promise<void> {
  if (itemIds.length === 0) return;
  await db.update(orderItems).set({ status, updatedAt: sql`now()` }).where(inArray(orderItems.id, itemIds));
}

export type OrderFilter = {
  userId?: string;
  status?: OrderStatus;
  email?: string;
  createdFrom?: Date;
  createdTo?: Date;
  limit: number;
  offset: number;
};

export async function selectOrders(db: Db, f: OrderFilter): Promise<{ rows: OrderRow[]; total: number }> {
  const where = and(
    f.userId ? eq(orders.userId, f.userId) : undefined,
    f.status ? eq(orders.status, f.status) : undefined,
    f.email ? sql`lower(${orders.email}) = lower(${f.email})` : undefined,
    f.createdFrom ? gte(orders.createdAt, f.createdFrom) : undefined,
    f.createdTo ? lte(orders.createdAt, f.createdTo) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  return { rows, total: Number(counted?.n ?? 0) };
}

/** Unpaid orders whose payment window has closed (the expiry job's safety net). */
export async function selectOverdueOrderIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lt(orders.expiresAt, now)))
    .orderBy(asc(orders.expiresAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
