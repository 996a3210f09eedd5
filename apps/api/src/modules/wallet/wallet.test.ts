import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { withTx } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let seq = 0;
async function makeUser(): Promise<{ id: string; token: string }> {
  seq += 1;
  const tag = `${Date.now().toString(36)}w${seq}`;
  const res = await t.modules.identity.register(t.ctx, {
    username: `wallet_${tag}`,
    email: `wallet.${tag}@example.com`,
    phoneNumber: "0712345678",
    password: "correct horse battery",
  });
  return { id: res.user.id, token: res.accessToken };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const wallet = () => t.modules.wallet;

async function countRows(table: "accounts" | "entries", userId: string): Promise<number> {
  const r = await t.database.db.execute(
    sql`select count(*)::int as n from ${sql.raw(`wallet.${table}`)} where user_id = ${userId}`,
  );
  return (r.rows[0] as { n: number }).n;
}

describe("wallet ledger", () => {
  it("credits, debits and sums the balance from the entries", async () => {
    const u = await makeUser();
    expect(await wallet().getBalance(t.ctx, u.id)).toEqual({ balanceMinor: 0, currency: "KES" });
    const c = await wallet().credit(t.ctx, { userId: u.id, amountMinor: 100_000, reason: "Welcome bonus" });
    expect(c).toMatchObject({ amountMinor: 100_000, kind: "credit", currency: "KES", reference: null });
    const d = await wallet().debit(t.ctx, { userId: u.id, amountMinor: 30_050, reason: "Order", reference: newId() });
    expect(d).toMatchObject({ amountMinor: -30_050, kind: "payment" });
    await wallet().credit(t.ctx, {
      userId: u.id,
      amountMinor: 50,
      reason: "Refund",
      kind: "refund",
      reference: newId(),
    });
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(70_000);
    const page = await wallet().listEntries(t.ctx, u.id, { page: 1, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((e) => e.amountMinor)).toEqual([50, -30_050]); // newest first
  });

  it("refuses an overdraw with 422 INSUFFICIENT_FUNDS and writes nothing", async () => {
    const u = await makeUser();
    await expect(
      wallet().debit(t.ctx, { userId: u.id, amountMinor: 1, reason: "x", reference: newId() }),
    ).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS", status: 422 });
    expect(await countRows("accounts", u.id)).toBe(0);
    await wallet().credit(t.ctx, { userId: u.id, amountMinor: 500, reason: "top-up" });
    await expect(
      wallet().debit(t.ctx, { userId: u.id, amountMinor: 501, reason: "x", reference: newId() }),
    ).rejects.toMatchObject({ code: "INSUFFICIENT_FUNDS", status: 422 });
    expect(await countRows("entries", u.id)).toBe(1);
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(500);
    // Exactly the balance is fine.
    await wallet().debit(t.ctx, { userId: u.id, amountMinor: 500, reason: "all of it", reference: newId() });
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(0);
  });

  it("lands a retried reference once and refuses a reference reused for another movement", async () => {
    const u = await makeUser();
    const orderId = newId();
    const a = await wallet().credit(t.ctx, {
      userId: u.id,
      amountMinor: 900,
      reason: "refund",
      kind: "refund",
      reference: orderId,
    });
    const b = await wallet().credit(t.ctx, {
      userId: u.id,
      amountMinor: 900,
      reason: "refund",
      kind: "refund",
      reference: orderId,
    });
    expect(b.id).toBe(a.id);
    const paymentId = newId();
    const d1 = await wallet().debit(t.ctx, { userId: u.id, amountMinor: 400, reason: "pay", reference: paymentId });
    const d2 = await wallet().debit(t.ctx, { userId: u.id, amountMinor: 400, reason: "pay", reference: paymentId });
    expect(d2.id).toBe(d1.id);
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(500);
    expect(await countRows("entries", u.id)).toBe(2);
    await expect(
      wallet().debit(t.ctx, { userId: u.id, amountMinor: 100, reason: "pay", reference: paymentId }),
    ).rejects.toMatchObject({ code: "WALLET_REFERENCE_CONFLICT", status: 409 });
    const other = await makeUser();
    await expect(
      wallet().credit(t.ctx, {
        userId: other.id,
        amountMinor: 900,
        reason: "refund",
        kind: "refund",
        reference: orderId,
      }),
    ).rejects.toMatchObject({ code: "WALLET_REFERENCE_CONFLICT" });
    expect((await wallet().getBalance(t.ctx, other.id)).balanceMinor).toBe(0);
  });

  it("keeps entries immutable in the database", async () => {
    const u = await makeUser();
    const e = await wallet().credit(t.ctx, { userId: u.id, amountMinor: 100, reason: "x" });
    await expect(
      t.database.db.execute(sql`update wallet.entries set amount_minor = 999999 where id = ${e.id}`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from wallet.entries where id = ${e.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate wallet.entries cascade`)).rejects.toThrow();
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(100);
  });

  it("refuses unknown users and non-positive amounts", async () => {
    await expect(wallet().credit(t.ctx, { userId: newId(), amountMinor: 100, reason: "x" })).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
      status: 404,
    });
    const u = await makeUser();
    for (const amountMinor of [0, -5, 1.5]) {
      await expect(wallet().credit(t.ctx, { userId: u.id, amountMinor, reason: "x" })).rejects.toMatchObject({
        code: "INVALID_AMOUNT",
        status: 400,
      });
    }
  });

  it("rolls a debit back with the caller's transaction", async () => {
    const u = await makeUser();
    await wallet().credit(t.ctx, { userId: u.id, amountMinor: 1000, reason: "x" });
    await expect(
      withTx(t.ctx, async (tx) => {
        await wallet().debit(tx, { userId: u.id, amountMinor: 600, reason: "pay", reference: newId() });
        throw new Error("checkout failed later");
      }),
    ).rejects.toThrow("checkout failed later");
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(1000);
  });

  // On PostgreSQL these are 20 real connections racing; on PGlite (one connection) they queue.
  it("lets exactly 10 of 20 parallel debits of 100 through a balance of 1000, never below 0", async () => {
    const u = await makeUser();
    await wallet().credit(t.ctx, { userId: u.id, amountMinor: 1000, reason: "x" });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        wallet().debit(t.ctx, { userId: u.id, amountMinor: 100, reason: "race", reference: newId() }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    expect((await wallet().getBalance(t.ctx, u.id)).balanceMinor).toBe(0);
    expect(await countRows("entries", u.id)).toBe(11);
  });
});

describe("wallet routes", () => {
  it("shows the signed-in user's balance and entries; 401 without a token", async () => {
    const anon = await t.app.inject({ method: "GET", url: "/api/wallet" });
    expect(anon.statusCode).toBe(401);
    const u = await makeUser();
    await wallet().credit(t.ctx, { userId: u.id, amountMinor: 123_456, reason: "Goodwill" });
    const res = await t.app.inject({ method: "GET", url: "/api/wallet?page_size=5", headers: bearer(u.token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      balance: "1234.56",
      currency: "KES",
      entries: {
        items: [
          {
            id: expect.any(String),
            amount: "1234.56",
            currency: "KES",
            kind: "credit",
            reason: "Goodwill",
            reference: null,
            created_at: expect.stringMatching(/^\d{4}-/),
          },
        ],
        page: 1,
        page_size: 5,
        total: 1,
      },
    });
  });

  it("lets only admins credit a wallet", async () => {
    const u = await makeUser();
    const url = `/api/admin/wallets/${u.id}/credits`;
    const payload = { amount: "250.50", reason: "Sorry for the delay" };
    expect((await t.app.inject({ method: "POST", url, payload })).statusCode).toBe(401);
    const forbidden = await t.app.inject({ method: "POST", url, payload, headers: bearer(u.token) });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(await countRows("entries", u.id)).toBe(0);

    const adminId = newId();
    const admin = await t.modules.tokens.sign({ userId: adminId, role: "admin" });
    const res = await t.app.inject({ method: "POST", url, payload, headers: bearer(admin) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      amount: "250.50",
      currency: "KES",
      kind: "credit",
      reason: "Sorry for the delay",
    });
    const [entry] = (await wallet().listEntries(t.ctx, u.id, { page: 1, pageSize: 10 })).items;
    expect(entry?.createdBy).toBe(adminId);
    const mine = await t.app.inject({ method: "GET", url: "/api/wallet", headers: bearer(u.token) });
    expect(mine.json().balance).toBe("250.50");
  });

  it("answers 404 for an unknown user and 400 for bad bodies, writing nothing", async () => {
    const admin = bearer(await t.modules.tokens.sign({ userId: newId(), role: "admin" }));
    const unknown = await t.app.inject({
      method: "POST",
      url: `/api/admin/wallets/${newId()}/credits`,
      payload: { amount: 10, reason: "x" },
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "USER_NOT_FOUND" });
    const u = await makeUser();
    const url = `/api/admin/wallets/${u.id}/credits`;
    for (const payload of [
      { amount: 0, reason: "x" },
      { amount: "-5", reason: "x" },
      { amount: "1.001", reason: "x" },
      { amount: 10, reason: "" },
      { amount: 10, reason: "x".repeat(201) },
      { amount: 10 },
      { amount: 10, reason: "x", extra: true },
    ]) {
      const res = await t.app.inject({ method: "POST", url, payload, headers: admin });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const badId = await t.app.inject({
      method: "POST",
      url: "/api/admin/wallets/nope/credits",
      payload: { amount: 1, reason: "x" },
      headers: admin,
    });
    expect(badId.statusCode).toBe(400);
    expect(await countRows("entries", u.id)).toBe(0);
  });
});

describe("GET /api/admin/wallets/:user_id", () => {
  it("shows an admin another user's balance and entries, in GET /api/wallet's shape", async () => {
    const u = await makeUser();
    const admin = bearer(await t.modules.tokens.sign({ userId: newId(), role: "admin" }));
    const credited = await t.app.inject({
      method: "POST",
      url: `/api/admin/wallets/${u.id}/credits`,
      headers: admin,
      payload: { amount: "250.50", reason: "Goodwill" },
    });
    expect(credited.statusCode, credited.body).toBe(201);
    const res = await t.app.inject({ method: "GET", url: `/api/admin/wallets/${u.id}?page_size=5`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    const own = await t.app.inject({ method: "GET", url: "/api/wallet?page_size=5", headers: bearer(u.token) });
    expect(res.json()).toEqual(own.json());
    expect(res.json()).toMatchObject({
      balance: "250.50",
      currency: "KES",
      entries: { total: 1, page: 1, page_size: 5, items: [{ amount: "250.50", kind: "credit", reason: "Goodwill" }] },
    });
  });

  it("is for admins only; an unknown user is 404 and a malformed id 400", async () => {
    const u = await makeUser();
    const url = `/api/admin/wallets/${u.id}`;
    expect((await t.app.inject({ method: "GET", url })).statusCode).toBe(401);
    const staff = bearer(await t.modules.tokens.sign({ userId: newId(), role: "staff" }));
    expect((await t.app.inject({ method: "GET", url, headers: staff })).statusCode).toBe(403);
    expect((await t.app.inject({ method: "GET", url, headers: bearer(u.token) })).statusCode).toBe(403);
    const admin = bearer(await t.modules.tokens.sign({ userId: newId(), role: "admin" }));
    const unknown = await t.app.inject({ method: "GET", url: `/api/admin/wallets/${newId()}`, headers: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "USER_NOT_FOUND" });
    const bad = await t.app.inject({ method: "GET", url: "/api/admin/wallets/nope", headers: admin });
    expect(bad.statusCode).toBe(400);
  });
});
