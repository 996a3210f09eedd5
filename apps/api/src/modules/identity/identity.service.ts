import { createHash, randomBytes } from "node:crypto";
import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { COUNTRY_CODES, IdentityErrorCode as E, PASSWORD_MAX, PASSWORD_MIN } from "@sokoni/contracts";
import type { Config } from "../../config.ts";
import type { AccessTokens } from "../../platform/access-token.ts";
import { type Ctx, isAdmin, type Role } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import {
  AppError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
  UnauthorizedError,
  ValidationError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import * as repo from "./identity.repo.ts";
import { normalizePhoneNumber } from "./phone.ts";

/** A user as other modules and routes see it: never the password hash. */
export type User = {
  id: string;
  username: string;
  email: string;
  /** E.164, or "" for accounts created without one (bootstrap admin). */
  phoneNumber: string;
  firstName: string;
  lastName: string;
  role: Role;
  createdAt: Date;
};

export type Address = {
  id: string;
  userId: string;
  name: string;
  phoneNumber: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type AuthResult = { user: User; accessToken: string; refreshToken: string; expiresIn: number };

export type RegisterInput = {
  username: string;
  email: string;
  phoneNumber: string;
  password: string;
  firstName?: string;
  lastName?: string;
};
export type LoginInput = { login: string; password: string };
export type UpdateMeInput = { firstName?: string; lastName?: string; phoneNumber?: string; email?: string };
export type AddressInput = {
  name: string;
  phoneNumber: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
  isDefault?: boolean;
};
export type AddressPatch = Partial<AddressInput>;
export type EnsureUserInput = {
  email: string;
  password: string;
  username?: string;
  phoneNumber?: string;
  firstName?: string;
  lastName?: string;
  role: Role;
};

type Deps = { auth: Config["auth"]; tokens: AccessTokens };

// Algorithm is an ambient const enum, which erasable TypeScript cannot read: its Argon2id is 2.
const ARGON2ID = 2 as Algorithm.Argon2id;
// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const UNIQUE_FIELD: Record<string, { code: string; field: "email" | "username" }> = {
  users_email_lower_key: { code: E.EMAIL_TAKEN, field: "email" },
  users_username_lower_key: { code: E.USERNAME_TAKEN, field: "username" },
};

export function createIdentityModule({ auth, tokens }: Deps) {
  // Verified against when the login names nobody, so an unknown user costs as much as a wrong password.
  let dummyHash: Promise<string> | undefined;
  const getDummyHash = () => {
    dummyHash ??= hash(randomBytes(16).toString("hex"), ARGON2);
    return dummyHash;
  };

  async function register(ctx: Ctx, input: RegisterInput): Promise<AuthResult> {
    const phoneNumber = requirePhone(input.phoneNumber);
    checkPassword(input.password);
    await assertAvailable(ctx, { email: input.email, username: input.username });
    const row = await insertUserOrConflict(ctx, {
      id: newId(),
      username: input.username,
      email: input.email,
      phoneNumber,
      passwordHash: await hash(input.password, ARGON2),
      firstName: input.firstName ?? "",
      lastName: input.lastName ?? "",
      role: "customer",
    });
    ctx.log.info({ userId: row.id }, "user registered");
    return issueSession(ctx, toUser(row));
  }

  async function login(ctx: Ctx, input: LoginInput): Promise<AuthResult> {
    const row = await repo.findUserByLogin(ctx.db, input.login.trim());
    const ok = await verify(row?.passwordHash ?? (await getDummyHash()), input.password).catch(() => false);
    if (!row || !ok) throw new UnauthorizedError("The login or password is wrong", E.INVALID_CREDENTIALS);
    return issueSession(ctx, toUser(row));
  }

  async function refresh(ctx: Ctx, refreshToken: string): Promise<AuthResult> {
    const tokenHash = sha256(refreshToken);
    const rotated = await withTx(ctx, async (tx) => {
      const spent = await repo.spendRefreshToken(tx.db, tokenHash);
      if (!spent) return undefined;
      const user = await repo.findUserById(tx.db, spent.userId);
      if (!user) return undefined;
      return issueSession(tx, toUser(user), spent.familyId);
    });
    if (rotated) return rotated;

    // Outside the transaction above, so the revocation commits even though we then refuse.
    const existing = await repo.findRefreshToken(ctx.db, tokenHash);
    if (existing?.spentAt && !existing.revokedAt) {
      await repo.revokeFamily(ctx.db, existing.familyId);
      ctx.log.warn({ userId: existing.userId, familyId: existing.familyId }, "refresh token reused; family revoked");
      throw new UnauthorizedError("This refresh token was already used; sign in again", E.REFRESH_TOKEN_REUSED);
    }
    throw new UnauthorizedError("The refresh token is unknown, expired or revoked", E.INVALID_REFRESH_TOKEN);
  }

  async function logout(ctx: Ctx, refreshToken: string): Promise<void> {
    const existing = await repo.findRefreshToken(ctx.db, sha256(refreshToken));
    // Unknown tokens are ignored: logging out is idempotent and reveals nothing.
    if (existing) await repo.revokeFamily(ctx.db, existing.familyId);
  }

  async function getUser(ctx: Ctx, id: string): Promise<User> {
    // Someone else's account is "not found", not "forbidden": its existence is nobody's business.
    const visible = isAdmin(ctx.actor) || (ctx.actor.kind === "user" && ctx.actor.userId === id);
    const row = visible ? await repo.findUserById(ctx.db, id) : undefined;
    if (!row) throw new NotFoundError(E.USER_NOT_FOUND, "No such user");
    return toUser(row);
  }

  async function findUserByEmail(ctx: Ctx, email: string): Promise<User | undefined> {
    const row = await repo.findUserByEmail(ctx.db, email.trim());
    return row && toUser(row);
  }

  /**
   * Staff and admins find users by part of their email, username or phone number (a phone number
   * in any form people type it: 07…, 2547…, +2547…), newest first. Throws ForbiddenError for anyone else.
   */
  async function listUsers(
    ctx: Ctx,
    input: { q?: string; page: number; pageSize: number },
  ): Promise<{ items: User[]; total: number }> {
    const staff = isAdmin(ctx.actor) || (ctx.actor.kind === "user" && ctx.actor.role === "staff");
    if (!staff) throw new ForbiddenError();
    const q = input.q?.trim() || undefined;
    const { items, total } = await repo.searchUsers(
      ctx.db,
      { q, phone: q ? normalizePhoneNumber(q) : undefined },
      { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
    );
    return { items: items.map(toUser), total };
  }

  async function updateMe(ctx: Ctx, input: UpdateMeInput): Promise<User> {
    const userId = actorUserId(ctx);
    const patch: Partial<repo.NewUserRow> = {};
    if (input.firstName !== undefined) patch.firstName = input.firstName;
    if (input.lastName !== undefined) patch.lastName = input.lastName;
    if (input.phoneNumber !== undefined) patch.phoneNumber = requirePhone(input.phoneNumber);
    if (input.email !== undefined) {
      await assertAvailable(ctx, { email: input.email }, userId);
      patch.email = input.email;
    }
    if (Object.keys(patch).length === 0) return getUser(ctx, userId);
    const row = await withUniqueConflicts(() => repo.updateUser(ctx.db, userId, patch));
    if (!row) throw new NotFoundError(E.USER_NOT_FOUND, "No such user");
    return toUser(row);
  }

  async function ensureUser(ctx: Ctx, input: EnsureUserInput): Promise<User> {
    checkPassword(input.password);
    const passwordHash = await hash(input.password, ARGON2);
    const existing = await repo.findUserByEmail(ctx.db, input.email);
    if (existing) {
      const row = await repo.updateUser(ctx.db, existing.id, { role: input.role, passwordHash });
      if (!row) throw new NotFoundError(E.USER_NOT_FOUND, "No such user");
      return toUser(row);
    }
    const phoneNumber = input.phoneNumber ? requirePhone(input.phoneNumber) : "";
    const base = input.username ?? usernameFromEmail(input.email);
    // A generated username may collide; an explicit one must not silently change.
    for (let attempt = 0; ; attempt++) {
      const username = attempt === 0 ? base : `${base.slice(0, 25)}_${randomBytes(2).toString("hex")}`;
      try {
        const row = await insertUserOrConflict(ctx, {
          id: newId(),
          username,
          email: input.email,
          phoneNumber,
          passwordHash,
          firstName: input.firstName ?? "",
          lastName: input.lastName ?? "",
          role: input.role,
        });
        return toUser(row);
      } catch (err) {
        const retry = err instanceof AppError && err.code === E.USERNAME_TAKEN && !input.username && attempt < 5;
        if (!retry) throw err;
      }
    }
  }

  /** Deletes refresh tokens that can no longer be used (expired or revoked); returns how many. */
  async function purgeRefreshTokens(ctx: Ctx): Promise<number> {
    return repo.deleteDeadRefreshTokens(ctx.db);
  }

  // --- addresses: always scoped to one user; another user's address is simply not found ---

  async function listAddresses(
    ctx: Ctx,
    userId: string,
    page: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
  ): Promise<{ items: Address[]; total: number }> {
    assertCanActFor(ctx, userId);
    const { items, total } = await repo.listAddresses(ctx.db, userId, {
      limit: page.pageSize,
      offset: (page.page - 1) * page.pageSize,
    });
    return { items: items.map(toAddress), total };
  }

  async function getAddress(ctx: Ctx, userId: string, addressId: string): Promise<Address> {
    assertCanActFor(ctx, userId);
    const row = await repo.findAddress(ctx.db, userId, addressId);
    if (!row) throw addressNotFound();
    return toAddress(row);
  }

  async function createAddress(ctx: Ctx, userId: string, input: AddressInput): Promise<Address> {
    assertCanActFor(ctx, userId);
    const phoneNumber = requirePhone(input.phoneNumber);
    return withTx(ctx, async (tx) => {
      if (!(await repo.lockUser(tx.db, userId))) throw new NotFoundError(E.USER_NOT_FOUND, "No such user");
      // A user's first address is their default whether or not they asked.
      const isDefault = input.isDefault === true || (await repo.countAddresses(tx.db, userId)) === 0;
      const row = await repo.insertAddress(tx.db, {
        id: newId(),
        userId,
        name: input.name,
        phoneNumber,
        line1: input.line1,
        line2: input.line2 ?? null,
        city: input.city,
        region: input.region ?? null,
        postalCode: input.postalCode ?? null,
        country: requireCountry(input.country),
        isDefault,
      });
      if (isDefault) await repo.unsetDefaultAddresses(tx.db, userId, row.id);
      return toAddress(row);
    });
  }

  async function updateAddress(ctx: Ctx, userId: string, addressId: string, patch: AddressPatch): Promise<Address> {
    assertCanActFor(ctx, userId);
    const values: Partial<repo.NewAddressRow> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.phoneNumber !== undefined) values.phoneNumber = requirePhone(patch.phoneNumber);
    if (patch.line1 !== undefined) values.line1 = patch.line1;
    if (patch.line2 !== undefined) values.line2 = patch.line2;
    if (patch.city !== undefined) values.city = patch.city;
    if (patch.region !== undefined) values.region = patch.region;
    if (patch.postalCode !== undefined) values.postalCode = patch.postalCode;
    if (patch.country !== undefined) values.country = requireCountry(patch.country);
    if (patch.isDefault !== undefined) values.isDefault = patch.isDefault;
    return withTx(ctx, async (tx) => {
      await repo.lockUser(tx.db, userId);
      const row =
        Object.keys(values).length > 0
          ? await repo.updateAddress(tx.db, userId, addressId, values)
          : await repo.findAddress(tx.db, userId, addressId);
      if (!row) throw addressNotFound();
      if (values.isDefault === true) await repo.unsetDefaultAddresses(tx.db, userId, row.id);
      return toAddress(row);
    });
  }

  async function removeAddress(ctx: Ctx, userId: string, addressId: string): Promise<void> {
    assertCanActFor(ctx, userId);
    if (!(await repo.deleteAddress(ctx.db, userId, addressId))) throw addressNotFound();
  }

  // --- helpers ---

  async function issueSession(ctx: Ctx, user: User, familyId: string = newId()): Promise<AuthResult> {
    const refreshToken = randomBytes(32).toString("base64url");
    await repo.insertRefreshToken(ctx.db, {
      id: newId(),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + auth.refreshTokenTtl * 1000),
    });
    const accessToken = await tokens.sign({ userId: user.id, role: user.role });
    return { user, accessToken, refreshToken, expiresIn: tokens.ttlSeconds };
  }

  async function assertAvailable(ctx: Ctx, fields: { email?: string; username?: string }, exceptUserId?: string) {
    const taken = await repo.findTaken(ctx.db, fields, exceptUserId);
    const errors: FieldError[] = [];
    if (taken.email) errors.push({ path: "body.email", message: "is already registered" });
    if (taken.username) errors.push({ path: "body.username", message: "is already taken" });
    if (errors.length > 0) {
      const code = taken.email ? E.EMAIL_TAKEN : E.USERNAME_TAKEN;
      throw new ConflictError(code, "An account with these details already exists", errors);
    }
  }

  // The pre-check above gives both fields at once; this catches the race it cannot close.
  function insertUserOrConflict(ctx: Ctx, values: repo.NewUserRow): Promise<repo.UserRow> {
    return withUniqueConflicts(() => repo.insertUser(ctx.db, values));
  }

  return {
    register,
    login,
    refresh,
    logout,
    getUser,
    findUserByEmail,
    listUsers,
    updateMe,
    ensureUser,
    purgeRefreshTokens,
    listAddresses,
    getAddress,
    createAddress,
    updateAddress,
    removeAddress,
  };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;

async function withUniqueConflicts<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const unique = pgErrorCode(err) === PG_UNIQUE_VIOLATION ? UNIQUE_FIELD[pgConstraint(err) ?? ""] : undefined;
    if (!unique) throw err;
    const message = unique.field === "email" ? "is already registered" : "is already taken";
    throw new ConflictError(unique.code, "An account with these details already exists", [
      { path: `body.${unique.field}`, message },
    ]);
  }
}

function requirePhone(input: string): string {
  const e164 = normalizePhoneNumber(input);
  if (!e164) {
    throw new ValidationError(
      "The phone number is not valid",
      [{ path: "body.phone_number", message: "is not a valid phone number (e.g. 0712345678 or +254712345678)" }],
      E.INVALID_PHONE_NUMBER,
    );
  }
  return e164;
}

function requireCountry(input: string): string {
  const code = input.trim().toUpperCase();
  if (!COUNTRY_CODES.has(code)) {
    throw new ValidationError("The country is not valid", [
      { path: "body.country", message: "must be an ISO 3166-1 alpha-2 country code such as KE" },
    ]);
  }
  return code;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new ValidationError("The password is not acceptable", [
      { path: "body.password", message: `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters` },
    ]);
  }
}

function actorUserId(ctx: Ctx): string {
  if (ctx.actor.kind !== "user") throw new UnauthorizedError();
  return ctx.actor.userId;
}

function assertCanActFor(ctx: Ctx, userId: string): void {
  if (isAdmin(ctx.actor) || (ctx.actor.kind === "user" && ctx.actor.userId === userId)) return;
  throw new NotFoundError(E.USER_NOT_FOUND, "No such user");
}

function addressNotFound(): NotFoundError {
  return new NotFoundError(E.ADDRESS_NOT_FOUND, "No such address");
}

function usernameFromEmail(email: string): string {
  const local = (email.split("@")[0] ?? "").replace(/[^A-Za-z0-9_.-]/g, "").replace(/^[^A-Za-z0-9]+/, "");
  return (local.length >= 3 ? local : `user${local}`).slice(0, 30);
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

function toUser(row: repo.UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    phoneNumber: row.phoneNumber,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    createdAt: row.createdAt,
  };
}

function toAddress(row: repo.AddressRow): Address {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    phoneNumber: row.phoneNumber,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    country: row.country,
    isDefault: row.isDefault,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
