import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import type { Ctx } from "../../platform/ctx.ts";
import { queryRows } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { SEND_EMAIL_JOB } from "../notifications/index.ts";
import type { SendMessageInput } from "./index.ts";
import { makeOrder } from "./support.factories.ts";

// Module tests: the public API on the real database (PostgreSQL or PGlite).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let seq = 0;
const as = (actor: Ctx["actor"]): Ctx => ({ ...t.ctx, actor });
const guest = () => as({ kind: "anonymous" });

function input(overrides: Partial<SendMessageInput> = {}): SendMessageInput {
  seq += 1;
  return {
    name: "Amina Wanjiru",
    email: `amina.${Date.now().toString(36)}${seq}@example.com`,
    subject: "Where is my parcel?",
    message: "I ordered a kikoi last week and it has not arrived yet.",
    ...overrides,
  };
}

async function customer() {
  seq += 1;
  const tag = `${Date.now().toString(36)}s${seq}`;
  const { user } = await t.modules.identity.register(t.ctx, {
    username: `sup_${tag}`,
    email: `sup.${tag}@example.com`,
    phoneNumber: "0712345678",
    password: "correct horse battery",
  });
  return { user, ctx: as({ kind: "user", userId: user.id, role: "customer" }) };
}

/** A real account (status changes record it) acting with a staff role. */
async function staffCtx(role: "staff" | "admin" = "staff") {
  const { user } = await customer();
  return as({ kind: "user", userId: user.id, role });
}

const count = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from support.messages`))[0]?.n ?? 0;

describe("sending a support message", () => {
  it("stores a guest's message with a reference and queues the acknowledgement email in the same transaction", async () => {
    const sent = await t.modules.support.sendMessage(guest(), input({ email: "Guest.Writer@Example.com " }));
    expect(sent).toMatchObject({
      status: "open",
      userId: null,
      email: "Guest.Writer@Example.com",
      orderId: null,
      statusChangedAt: null,
    });
    expect(sent.reference).toBe(`SUP-${sent.number}`);
    expect(sent.number).toBeGreaterThanOrEqual(1001);

    const emails = await t.modules.notifications.listEmails(t.ctx, {
      page: 1,
      pageSize: 10,
      to: "guest.writer@example.com",
    });
    expect(emails.items).toHaveLength(1);
    expect(emails.items[0]).toMatchObject({
      template: "support_received",
      status: "queued",
      subject: `We received your message (${sent.reference})`,
    });
    const email = await t.modules.notifications.getEmail(t.ctx, emails.items[0]?.id ?? "");
    expect(email.text).toContain("Hi Amina Wanjiru,");
    expect(email.text).toContain(`Your reference is ${sent.reference}`);
    expect(email.text).toContain("> I ordered a kikoi last week");
    const jobs = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from pgboss.job where name = ${SEND_EMAIL_JOB} and data->>'emailId' = ${email.id}`,
    );
    expect(jobs[0]?.n).toBe(1);
  });

  it("links a signed-in sender's account", async () => {
    const { user, ctx } = await customer();
    const sent = await t.modules.support.sendMessage(ctx, input({ email: user.email }));
    expect(sent.userId).toBe(user.id);
  });

  it("links the sender's own order, by its number in any common spelling", async () => {
    const { user, ctx } = await customer();
    const order = await makeOrder(t.ctx, t.modules, { userId: user.id, email: user.email });
    const digits = order.number.replace(/^SK-/, "");
    for (const quoted of [order.number, `sk${digits}`, digits]) {
      // Signed in, the order is theirs whatever email they type.
      const sent = await t.modules.support.sendMessage(ctx, input({ orderNumber: quoted }));
      expect(sent).toMatchObject({ orderId: order.id, orderNumber: order.number });
    }
  });

  it("links a guest's order when the email matches the one it was placed with", async () => {
    const email = `guest.order.${Date.now().toString(36)}@example.com`;
    const order = await makeOrder(t.ctx, t.modules, { userId: null, email });
    const sent = await t.modules.support.sendMessage(
      guest(),
      input({ email: email.toUpperCase(), orderNumber: order.number }),
    );
    expect(sent.orderId).toBe(order.id);
  });

  it("refuses someone else's order or an unknown number as a field error, storing and sending nothing", async () => {
    const owner = await customer();
    const order = await makeOrder(t.ctx, t.modules, { userId: owner.user.id, email: owner.user.email });
    const stranger = await customer();
    const before = await count();
    const emailsBefore = (await t.modules.notifications.listEmails(t.ctx, { page: 1, pageSize: 1 })).total;
    for (const [ctx, orderNumber] of [
      [guest(), order.number],
      [stranger.ctx, order.number],
      [guest(), "SK-999999999"],
    ] as const) {
      await expect(t.modules.support.sendMessage(ctx, input({ orderNumber }))).rejects.toMatchObject({
        status: 400,
        code: "SUPPORT_ORDER_NOT_FOUND",
        errors: [{ path: "body.order_number", message: expect.any(String) }],
      });
    }
    expect(await count()).toBe(before);
    expect((await t.modules.notifications.listEmails(t.ctx, { page: 1, pageSize: 1 })).total).toBe(emailsBefore);
  });

  it("stores nothing when the acknowledgement cannot be queued (bad recipient)", async () => {
    const before = await count();
    await expect(t.modules.support.sendMessage(guest(), input({ email: "not an address" }))).rejects.toMatchObject({
      status: 400,
    });
    expect(await count()).toBe(before);
  });
});

describe("the support inbox", () => {
  it("lists messages newest first, filtered by status, in pages", async () => {
    const a = await t.modules.support.sendMessage(guest(), input({ subject: "First of three" }));
    const b = await t.modules.support.sendMessage(guest(), input({ subject: "Second of three" }));
    const c = await t.modules.support.sendMessage(guest(), input({ subject: "Third of three" }));
    await t.modules.support.setStatus(await staffCtx(), b.id, "resolved");

    const open = await t.modules.support.listMessages(await staffCtx(), { page: 1, pageSize: 100, status: "open" });
    const openIds = open.items.map((m) => m.id);
    expect(openIds).toContain(a.id);
    expect(openIds).toContain(c.id);
    expect(openIds).not.toContain(b.id);
    expect(openIds.indexOf(c.id)).toBeLessThan(openIds.indexOf(a.id));
    expect(open.items.every((m) => m.status === "open")).toBe(true);

    const resolved = await t.modules.support.listMessages(await staffCtx("admin"), {
      page: 1,
      pageSize: 100,
      status: "resolved",
    });
    expect(resolved.items.map((m) => m.id)).toContain(b.id);

    const all = await t.modules.support.listMessages(await staffCtx(), { page: 1, pageSize: 2 });
    expect(all.items).toHaveLength(2);
    expect(all.total).toBe(await count());
    const second = await t.modules.support.listMessages(await staffCtx(), { page: 2, pageSize: 2 });
    expect(second.items.map((m) => m.id)).not.toContain(all.items[0]?.id);
  });

  it("resolves and reopens a message, recording who and when; repeating a status changes nothing", async () => {
    const { user: staffUser } = await customer();
    const staff = as({ kind: "user", userId: staffUser.id, role: "staff" });
    const sent = await t.modules.support.sendMessage(guest(), input());
    const resolved = await t.modules.support.setStatus(staff, sent.id, "resolved");
    expect(resolved).toMatchObject({ status: "resolved", statusChangedBy: staffUser.id });
    expect(resolved.statusChangedAt).toBeInstanceOf(Date);

    const again = await t.modules.support.setStatus(await staffCtx("admin"), sent.id, "resolved");
    expect(again.statusChangedBy).toBe(staffUser.id);
    expect(again.statusChangedAt).toEqual(resolved.statusChangedAt);

    const changers = await t.modules.support.changedByOf(staff, [again]);
    expect(changers.get(staffUser.id)).toEqual({ id: staffUser.id, email: staffUser.email });

    const reopened = await t.modules.support.setStatus(await staffCtx("admin"), sent.id, "open");
    expect(reopened.status).toBe("open");
    expect(reopened.statusChangedBy).not.toBe(staffUser.id);
    expect((await t.modules.support.getMessage(staff, sent.id)).status).toBe("open");
  });

  it("answers SUPPORT_MESSAGE_NOT_FOUND for an unknown id", async () => {
    await expect(t.modules.support.getMessage(await staffCtx(), newId())).rejects.toMatchObject({
      status: 404,
      code: "SUPPORT_MESSAGE_NOT_FOUND",
    });
    await expect(t.modules.support.setStatus(await staffCtx(), newId(), "resolved")).rejects.toMatchObject({
      code: "SUPPORT_MESSAGE_NOT_FOUND",
    });
  });

  it("is closed to customers and guests", async () => {
    const { ctx } = await customer();
    const sent = await t.modules.support.sendMessage(guest(), input());
    for (const who of [ctx, guest()]) {
      await expect(t.modules.support.listMessages(who, { page: 1, pageSize: 10 })).rejects.toMatchObject({
        status: 403,
      });
      await expect(t.modules.support.getMessage(who, sent.id)).rejects.toMatchObject({ status: 403 });
      await expect(t.modules.support.setStatus(who, sent.id, "resolved")).rejects.toMatchObject({ status: 403 });
    }
    expect((await t.modules.support.getMessage(await staffCtx(), sent.id)).status).toBe("open");
  });
});
