import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import type { Ctx, Role } from "../../platform/ctx.ts";
import { refreshTokens, users } from "./identity.tables.ts";
import type { IdentityModule, RegisterInput } from "./index.ts";
import { normalizePhoneNumber } from "./phone.ts";

let t: TestApp;
let identity: IdentityModule;
beforeAll(async () => {
  t = await createTestApp();
  identity = t.modules.identity;
});
afterAll(() => t.close());

let seq = 0;
function input(overrides: Partial<RegisterInput> = {}): RegisterInput {
  seq += 1;
  const tag = `${Date.now().toString(36)}${seq}`;
  return {
    username: `svc_${tag}`,
    email: `svc.${tag}@example.com`,
    phoneNumber: "0712345678",
    password: "correct horse battery",
    ...overrides,
  };
}

const asUser = (userId: string, role: Role = "customer"): Ctx => ({ ...t.ctx, actor: { kind: "user", userId, role } });

describe("normalizePhoneNumber", () => {
  it.each([
    ["0712345678", "+254712345678"],
    ["0112345678", "+254112345678"],
    ["254712345678", "+254712345678"],
    ["+254 712 345 678", "+254712345678"],
    ["+1 202 555 0143", "+12025550143"],
  ])("reads %s as %s", (raw, e164) => {
    expect(normalizePhoneNumber(raw)).toBe(e164);
  });

  it.each(["", "abc", "0712", "+254012345678", "0012345678"])("refuses %j", (raw) => {
    expect(normalizePhoneNumber(raw)).toBeUndefined();
  });
});

describe("identity module", () => {
  it("stores an argon2id hash (OWASP parameters), never the password", async () => {
    const i = input();
    const { user } = await identity.register(t.ctx, i);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain(i.password);
    expect(Object.keys(user)).not.toContain("passwordHash");
  });

  it("lets exactly one of several simultaneous registrations of one username win", async () => {
    const username = `race_${Date.now().toString(36)}`;
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => identity.register(t.ctx, input({ username }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "USERNAME_TAKEN", status: 409 });
    }
  });

  it("finds a user by email case-insensitively", async () => {
    const i = input();
    const { user } = await identity.register(t.ctx, i);
    expect((await identity.findUserByEmail(t.ctx, i.email.toUpperCase()))?.id).toBe(user.id);
    expect(await identity.findUserByEmail(t.ctx, "nobody@example.com")).toBeUndefined();
  });

  it("hides other users from getUser unless the actor is an admin or the system", async () => {
    const a = (await identity.register(t.ctx, input())).user;
    const b = (await identity.register(t.ctx, input())).user;
    await expect(identity.getUser(asUser(a.id), b.id)).rejects.toMatchObject({ code: "USER_NOT_FOUND", status: 404 });
    await expect(identity.getUser({ ...t.ctx, actor: { kind: "anonymous" } }, b.id)).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
    expect((await identity.getUser(asUser(a.id, "admin"), b.id)).id).toBe(b.id);
    expect((await identity.getUser(t.ctx, b.id)).id).toBe(b.id);
  });

  it("refuses login with a wrong password and an unknown login alike", async () => {
    const i = input();
    await identity.register(t.ctx, i);
    await expect(identity.login(t.ctx, { login: i.email, password: "nope nope" })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      status: 401,
    });
    await expect(identity.login(t.ctx, { login: "ghost", password: i.password })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
      status: 401,
    });
  });

  it("refuses an expired refresh token", async () => {
    const s = await identity.register(t.ctx, input());
    await t.database.db
      .update(refreshTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(refreshTokens.userId, s.user.id));
    await expect(identity.refresh(t.ctx, s.refreshToken)).rejects.toMatchObject({ code: "INVALID_REFRESH_TOKEN" });
  });

  it("carries a changed role into the access token issued by the next refresh", async () => {
    const i = input();
    const s = await identity.register(t.ctx, i);
    await identity.ensureUser(t.ctx, { email: i.email, password: i.password, role: "staff" });
    const next = await identity.refresh(t.ctx, s.refreshToken);
    expect(next.user.role).toBe("staff");
    expect(await t.modules.tokens.verify(next.accessToken)).toEqual({ userId: s.user.id, role: "staff" });
  });

  it("purges expired and revoked refresh tokens but keeps live ones", async () => {
    const live = await identity.register(t.ctx, input());
    const revoked = await identity.register(t.ctx, input());
    await identity.logout(t.ctx, revoked.refreshToken);
    const purged = await identity.purgeRefreshTokens(t.ctx);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await t.database.db.select().from(refreshTokens).where(eq(refreshTokens.userId, revoked.user.id));
    expect(left).toHaveLength(0);
    expect((await identity.refresh(t.ctx, live.refreshToken)).user.id).toBe(live.user.id);
  });
});

describe("ensureUser", () => {
  it("creates an unknown user with the role, deriving a username and leaving the phone empty", async () => {
    const email = `Boss.${Date.now()}@Example.com`;
    const user = await identity.ensureUser(t.ctx, { email, password: "admin password", role: "admin" });
    expect(user).toMatchObject({ email, role: "admin", phoneNumber: "" });
    expect(user.username).toMatch(/^Boss\.\d+$/);
    const session = await identity.login(t.ctx, { login: email, password: "admin password" });
    expect(session.user.role).toBe("admin");
  });

  it("sets role and password of a known user, found case-insensitively", async () => {
    const i = input();
    const { user } = await identity.register(t.ctx, i);
    const again = await identity.ensureUser(t.ctx, {
      email: i.email.toUpperCase(),
      password: "a brand new password",
      role: "admin",
    });
    expect(again).toMatchObject({ id: user.id, role: "admin", username: i.username });
    await expect(identity.login(t.ctx, { login: i.email, password: i.password })).rejects.toMatchObject({
      code: "INVALID_CREDENTIALS",
    });
    expect((await identity.login(t.ctx, { login: i.email, password: "a brand new password" })).user.id).toBe(user.id);
  });

  it("picks another username when the derived one is taken", async () => {
    const local = `taken${Date.now()}`;
    await identity.register(t.ctx, input({ username: local }));
    const user = await identity.ensureUser(t.ctx, {
      email: `${local}@elsewhere.example`,
      password: "some password",
      role: "customer",
    });
    expect(user.username).toMatch(new RegExp(`^${local}_[0-9a-f]{4}$`));
  });

  it("refuses an explicit username that is taken, and a short password", async () => {
    const i = input();
    await identity.register(t.ctx, i);
    await expect(
      identity.ensureUser(t.ctx, {
        email: `other.${Date.now()}@example.com`,
        username: i.username,
        password: "long enough",
        role: "staff",
      }),
    ).rejects.toMatchObject({ code: "USERNAME_TAKEN" });
    await expect(
      identity.ensureUser(t.ctx, { email: `x.${Date.now()}@example.com`, password: "short", role: "admin" }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
  });
});

describe("addresses", () => {
  const address = { name: "Home", phoneNumber: "0712345678", line1: "Moi Avenue 1", city: "Nairobi", country: "ke" };

  it("never lets two concurrent 'make default' calls leave two defaults", async () => {
    const { user } = await identity.register(t.ctx, input());
    const ctx = asUser(user.id);
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await identity.createAddress(ctx, user.id, { ...address, name: `A${i}` }));
    await Promise.all(created.map((a) => identity.updateAddress(ctx, user.id, a.id, { isDefault: true })));
    const { items } = await identity.listAddresses(ctx, user.id);
    expect(items.filter((a) => a.isDefault)).toHaveLength(1);
  });

  it("refuses access to another user's address book", async () => {
    const a = (await identity.register(t.ctx, input())).user;
    const b = (await identity.register(t.ctx, input())).user;
    await expect(identity.listAddresses(asUser(a.id), b.id)).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    await expect(identity.createAddress(asUser(a.id), b.id, address)).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
  });

  it("rejects an unknown country code", async () => {
    const { user } = await identity.register(t.ctx, input());
    await expect(identity.createAddress(asUser(user.id), user.id, { ...address, country: "QQ" })).rejects.toMatchObject(
      {
        code: "VALIDATION_FAILED",
        errors: [{ path: "body.country" }],
      },
    );
  });

  it("rejects an invalid phone number", async () => {
    const { user } = await identity.register(t.ctx, input());
    await expect(
      identity.createAddress(asUser(user.id), user.id, { ...address, phoneNumber: "123" }),
    ).rejects.toMatchObject({ code: "INVALID_PHONE_NUMBER", errors: [{ path: "body.phone_number" }] });
  });
});
