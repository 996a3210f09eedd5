import { and, count, desc, eq, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { type PaymentRaw, payments, webhookEvents } from "./payments.tables.ts";

export type PaymentRow = typeof payments.$inferSelect;
export type NewPaymentRow = typeof payments.$inferInsert;
export type PaymentStatus = PaymentRow["status"];
export type PaymentProviderCode = PaymentRow["provider"];

export async function insertPayment(db: Db, values: NewPaymentRow): Promise<PaymentRow> {
  const [row] = await db.insert(payments).values(values).returning();
  if (!row) throw new Error("payment insert returned no row");
  return row;
}

export async function findPayment(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<PaymentRow | undefined> {
  const q = db.select().from(payments).where(eq(payments.id, id));
  const [row] = opts.lock ? await q.for("update") : await q;
  return row;
}

export async function findByProviderReference(
  db: Db,
  provider: PaymentProviderCode,
  reference: string,
  opts: { lock?: boolean } = {},
): Promise<PaymentRow | undefined> {
  const q = db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerReference, reference)));
  const [row] = opts.lock ? await q.for("update") : await q;
  return row;
}

export async function listForOrder(db: Db, orderId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(payments.createdAt, payments.id);
}

export type PaymentPatch = Partial<
  Pick<PaymentRow, "status" | "receipt" | "failureReason" | "redirectUrl" | "providerReference" | "settledAt">
>;

/** Updates a payment; `onlyIf` guards the update (e.g. status still pending). */
export async function updatePayment(
  db: Db,
  id: string,
  patch: PaymentPatch & { rawMerge?: Partial<Record<keyof PaymentRaw, unknown>> },
  onlyIf?: SQL,
): Promise<PaymentRow | undefined> {
  const { rawMerge, ...fields } = patch;
  const set: Record<string, unknown> = { ...fields, updatedAt: sql`now()` };
  // Top-level keys of the raw payload record are replaced, the others kept (jsonb ||).
  if (rawMerge) set.raw = sql`${payments.raw} || ${JSON.stringify(rawMerge)}::jsonb`;
  const where = onlyIf ? and(eq(payments.id, id), onlyIf) : eq(payments.id, id);
  const [row] = await db.update(payments).set(set).where(where).returning();
  return row;
}

export async function appendCallback(db: Db, id: string, payload: unknown): Promise<void> {
  await db
    .update(payments)
    .set({
      raw: sql`jsonb_set(${payments.raw}, '{callbacks}', coalesce(${payments.raw}->'callbacks', '[]'::jsonb) || jsonb_build_array(${JSON.stringify(payload)}::jsonb))`,
      updatedAt: sql`now()`,
    })
    .where(eq(payments.id, id));
}

export async function cancelPending(db: Db, orderId: string, reason: string): Promise<PaymentRow[]> {
  return db
    .update(payments)
    .set({ status: "cancelled", failureReason: reason, updatedAt: sql`now()`, settledAt: sql`now()` })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, "pending")))
    .returning();
}

export async function listPayments(
  db: Db,
  filter: { userId?: string; status?: PaymentStatus; provider?: PaymentProviderCode },
  page: { limit: number; offset: number },
): Promise<{ items: PaymentRow[]; total: number }> {
  const conditions = [
    filter.userId !== undefined ? eq(payments.userId, filter.userId) : undefined,
    filter.status ? eq(payments.status, filter.status) : undefined,
    filter.provider ? eq(payments.provider, filter.provider) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const items = await db
    .select()
    .from(payments)
    .where(where)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(page.limit)
    .offset(page.offset);
  const [totals] = await db.select({ n: count() }).from(payments).where(where);
  return { items, total: totals?.n ?? 0 };
}

/**
 * Records a callback. Returns true for the first delivery of this event, false for a duplicate
 * (whose delivery is counted).
 */
export async function recordWebhookEvent(
  db: Db,
  event: { provider: string; eventKey: string; paymentId: string | null; payload: unknown },
): Promise<boolean> {
  const [inserted] = await db
    .insert(webhookEvents)
    .values({ id: newId(), ...event, payload: event.payload ?? null })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (inserted) return true;
  await db
    .update(webhookEvents)
    .set({ deliveries: sql`${webhookEvents.deliveries} + 1`, lastReceivedAt: sql`now()` })
    .where(and(eq(webhookEvents.provider, event.provider), eq(webhookEvents.eventKey, event.eventKey)));
  return false;
}

export async function findWebhookEvent(db: Db, provider: string, eventKey: string) {
  const [row] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventKey, eventKey)));
  return row;
}

/** Pending payments of a provider that reached their gateway (have its reference) before `startedBefore`. */
export async function listPendingStarted(
  db: Db,
  provider: PaymentProviderCode,
  startedBefore: Date,
  limit: number,
): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.provider, provider),
        eq(payments.status, "pending"),
        isNotNull(payments.providerReference),
        lte(payments.createdAt, startedBefore),
      ),
    )
    .orderBy(payments.createdAt)
    .limit(limit);
}

export const stillPending = eq(payments.status, "pending");
export const stillCancelled = eq(payments.status, "cancelled");
export const noRedirectYet = isNull(payments.redirectUrl);
