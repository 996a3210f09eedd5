import { and, count, desc, eq, ilike, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db.ts";
import { addresses, refreshTokens, users } from "./identity.tables.ts";

/** Queries of the identity tables: plain functions of a db handle (pool or transaction). */

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type AddressRow = typeof addresses.$inferSelect;
export type NewAddressRow = typeof addresses.$inferInsert;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

const emailIs = (email: string) => sql`lower(${users.email}) = lower(${email})`;
const usernameIs = (username: string) => sql`lower(${users.username}) = lower(${username})`;

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(emailIs(email));
  return row;
}

/** By email or username, case-insensitively (usernames cannot contain '@', so at most one row). */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(or(emailIs(login), usernameIs(login)))
    .limit(1);
  return row;
}

/** Which of email / username other users already hold. */
export async function findTaken(
  db: Db,
  fields: { email?: string; username?: string },
  exceptUserId?: string,
): Promise<{ email: boolean; username: boolean }> {
  const conditions = [];
  if (fields.email !== undefined) conditions.push(emailIs(fields.email));
  if (fields.username !== undefined) conditions.push(usernameIs(fields.username));
  if (conditions.length === 0) return { email: false, username: false };
  const rows = await db
    .select({ email: users.email, username: users.username })
    .from(users)
    .where(and(or(...conditions), exceptUserId ? ne(users.id, exceptUserId) : undefined));
  const lower = (s: string | undefined) => s?.toLowerCase();
  return {
    email: fields.email !== undefined && rows.some((r) => lower(r.email) === lower(fields.email)),
    username: fields.username !== undefined && rows.some((r) => lower(r.username) === lower(fields.username)),
  };
}

/**
 * Users whose email, username or phone number contains `q` (case-insensitively; `phone`, when
 * given, is `q` read as a phone number in E.164 and matched exactly), newest first.
 */
export async function searchUsers(
  db: Db,
  filter: { q?: string; phone?: string },
  page: { limit: number; offset: number },
): Promise<{ items: UserRow[]; total: number }> {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = pattern
    ? or(
        ilike(users.email, pattern),
        ilike(users.username, pattern),
        ilike(users.phoneNumber, pattern),
        filter.phone ? eq(users.phoneNumber, filter.phone) : undefined,
      )
    : undefined;
  const items = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(page.limit)
    .offset(page.offset);
  const [totals] = await db.select({ n: count() }).from(users).where(where);
  return { items, total: totals?.n ?? 0 };
}

export async function insertUser(db: Db, values: NewUserRow): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error("insert into users returned no row");
  return row;
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<Omit<NewUserRow, "id" | "createdAt">>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

/** Takes the user's row lock: serialises changes to one user's addresses (the single default). */
export async function lockUser(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).for("update");
  return rows.length > 0;
}

export async function insertRefreshToken(
  db: Db,
  values: { id: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insert(refreshTokens).values(values);
}

/**
 * Spends a live token in one statement. Of two concurrent callers with the same token only one
 * gets the row: the other waits on the row lock, re-checks `spent_at IS NULL` and matches nothing.
 */
export async function spendRefreshToken(
  db: Db,
  tokenHash: string,
): Promise<Pick<RefreshTokenRow, "userId" | "familyId"> | undefined> {
  const [row] = await db
    .update(refreshTokens)
    .set({ spentAt: sql`now()` })
    .where(
      and(
        eq(refreshTokens.tokenHash, tokenHash),
        isNull(refreshTokens.spentAt),
        isNull(refreshTokens.revokedAt),
        sql`${refreshTokens.expiresAt} > now()`,
      ),
    )
    .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
  return row;
}

export async function findRefreshToken(db: Db, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

export async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Expired or revoked tokens can never be accepted again; spent but live ones still detect reuse. */
export async function deleteDeadRefreshTokens(db: Db): Promise<number> {
  const rows = await db
    .delete(refreshTokens)
    .where(or(sql`${refreshTokens.expiresAt} < now()`, isNotNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length;
}

export async function listAddresses(
  db: Db,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ items: AddressRow[]; total: number }> {
  const items = await db
    .select()
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.isDefault), addresses.id)
    .limit(page.limit)
    .offset(page.offset);
  const [totals] = await db.select({ n: count() }).from(addresses).where(eq(addresses.userId, userId));
  return { items, total: totals?.n ?? 0 };
}

export async function findAddress(db: Db, userId: string, id: string): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  return row;
}

export async function countAddresses(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(addresses).where(eq(addresses.userId, userId));
  return row?.n ?? 0;
}

export async function insertAddress(db: Db, values: NewAddressRow): Promise<AddressRow> {
  const [row] = await db.insert(addresses).values(values).returning();
  if (!row) throw new Error("insert into addresses returned no row");
  return row;
}

export async function updateAddress(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<Omit<NewAddressRow, "id" | "userId" | "createdAt">>,
): Promise<AddressRow | undefined> {
  const [row] = await db
    .update(addresses)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning();
  return row;
}

export async function unsetDefaultAddresses(db: Db, userId: string, exceptId: string): Promise<void> {
  await db
    .update(addresses)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(and(eq(addresses.userId, userId), eq(addresses.isDefault, true), ne(addresses.id, exceptId)));
}

export async function deleteAddress(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning({ id: addresses.id });
  return rows.length > 0;
}
