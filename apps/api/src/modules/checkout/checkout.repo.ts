import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { idempotencyKeys } from "./checkout.tables.ts";

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims a key for this transaction, naming the order and payment it is about to create. Returns
 * false when it is taken; with a concurrent claim in flight the insert waits for that transaction,
 * so the caller then sees its committed result (or, if it rolled back, wins the key itself).
 */
export async function claimKey(
  db: Db,
  claim: { scope: string; key: string; requestHash: string; orderId: string; paymentId: string },
): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

export async function findKey(db: Db, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row;
}
