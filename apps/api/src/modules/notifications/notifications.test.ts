import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { createAppMailer } from "../../app.ts";
import { queryRows, withTx } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { createLogger } from "../../platform/log.ts";
import { runWorker } from "../../worker.ts";
import { type OrderConfirmationData, SEND_EMAIL_JOB } from "./index.ts";

// Catcher mode (no SMTP_URL): the worker delivers over real SMTP to the local catcher, which
// records the catch on the email row; admins read it all at /api/admin/emails.
let t: TestApp;
let stopWorker: () => Promise<void>;
let admin: Record<string, string>;
let customer: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  stopWorker = await runWorker(t.modules, t.database, createLogger("silent"));
  admin = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "admin" })}` };
  customer = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "customer" })}` };
});
afterAll(async () => {
  await stopWorker();
  await t.close();
});

async function waitFor(predicate: () => Promise<boolean>, ms = 25_000) {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const confirmation = (orderNumber: string): OrderConfirmationData => ({
  customerName: "Amina",
  orderId: newId(),
  orderNumber,
  items: [{ title: "Kikoi <towel>", quantity: 2, unitPrice: { minor: 150_000, currency: "KES" } }],
  total: { minor: 300_000, currency: "KES" },
});

const jobsFor = (emailId: string) =>
  queryRows<{ state: string }>(
    t.database.db,
    sql`select state::text as state from pgboss.job where name = ${SEND_EMAIL_JOB} and data->>'emailId' = ${emailId}`,
  );

describe("sending email in catcher mode", () => {
  it("delivers a queued email through the worker and shows it to admins with subject, text and HTML", async () => {
    const { email, queued } = await t.modules.notifications.sendEmail(t.ctx, {
      template: "order_confirmation",
      to: "Amina@Example.com",
      data: confirmation("SKN-100"),
      dedupeKey: "order_confirmation:100",
    });
    expect(queued).toBe(true);
    expect(email).toMatchObject({
      status: "queued",
      attempts: 0,
      to: ["amina@example.com"],
      template: "order_confirmation",
    });

    // The catcher stores the message before the worker records the send: wait for both.
    await waitFor(async () => {
      const e = await t.modules.notifications.getEmail(t.ctx, email.id);
      return e.caughtAt !== null && e.status === "sent";
    });
    const delivered = await t.modules.notifications.getEmail(t.ctx, email.id);
    expect(delivered).toMatchObject({ status: "sent", attempts: 1, error: null });
    expect(delivered.sentAt).toBeInstanceOf(Date);

    const list = await t.app.inject({ method: "GET", url: "/api/admin/emails", headers: admin });
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((e: { id: string }) => e.id === email.id);
    expect(item).toMatchObject({
      subject: "Order SKN-100 confirmed",
      to: ["amina@example.com"],
      from: "Sokoni <no-reply@sokoni.local>",
      template: "order_confirmation",
      status: "sent",
      attempts: 1,
      caught_at: expect.any(String),
      message_id: expect.stringMatching(/^<.+@sokoni\.local>$/),
    });
    const one = await t.app.inject({ method: "GET", url: `/api/admin/emails/${email.id}`, headers: admin });
    expect(one.statusCode).toBe(200);
    expect(one.json().text).toContain("- Kikoi <towel>: 2 x KES 1,500.00 = KES 3,000.00");
    expect(one.json().html).toContain("Kikoi &lt;towel&gt;");
    expect(one.json().html).toContain("KES 3,000.00");
  });

  it("sends one email for one dedupe key, however often the event is reported", async () => {
    const input = {
      template: "payment_received" as const,
      to: "juma@example.com",
      data: { orderId: newId(), orderNumber: "SKN-200", amount: { minor: 5_000, currency: "KES" }, method: "wallet" },
      dedupeKey: "payment_received:200",
    };
    const first = await t.modules.notifications.sendEmail(t.ctx, input);
    const again = await Promise.all([1, 2, 3].map(() => t.modules.notifications.sendEmail(t.ctx, input)));
    expect(again.map((r) => r.queued)).toEqual([false, false, false]);
    expect(again.every((r) => r.email.id === first.email.id)).toBe(true);
    await waitFor(async () => (await t.modules.notifications.getEmail(t.ctx, first.email.id)).status === "sent");
    expect(await jobsFor(first.email.id)).toHaveLength(1);
    const res = await t.app.inject({ method: "GET", url: "/api/admin/emails?to=juma@example.com", headers: admin });
    expect(res.json().total).toBe(1);
  });

  it("enqueues in the caller's transaction: a rolled-back event leaves no email and no job", async () => {
    const dedupeKey = `order_expired:${newId()}`;
    let emailId = "";
    await expect(
      withTx(t.ctx, async (tx) => {
        const r = await t.modules.notifications.sendEmail(tx, {
          template: "order_expired",
          to: "rollback@example.com",
          data: { orderId: newId(), orderNumber: "SKN-300" },
          dedupeKey,
        });
        emailId = r.email.id;
        throw new Error("order update failed");
      }),
    ).rejects.toThrow("order update failed");
    await expect(t.modules.notifications.getEmail(t.ctx, emailId)).rejects.toMatchObject({ code: "EMAIL_NOT_FOUND" });
    expect(await jobsFor(emailId)).toEqual([]);
  });

  it("does nothing when asked to deliver an email already sent or gone", async () => {
    const { email } = await t.modules.notifications.sendEmail(t.ctx, {
      template: "order_expired",
      to: "twice@example.com",
      data: { orderId: newId(), orderNumber: "SKN-400" },
      dedupeKey: `order_expired:${newId()}`,
    });
    await waitFor(async () => (await t.modules.notifications.getEmail(t.ctx, email.id)).status === "sent");
    // A duplicate job or a second worker delivering again: nothing is sent twice.
    expect(await t.modules.notifications.deliverEmail(t.ctx, email.id)).toBe("skipped");
    expect(await t.modules.notifications.deliverEmail(t.ctx, newId())).toBe("skipped");
    expect((await t.modules.notifications.getEmail(t.ctx, email.id)).attempts).toBe(1);
  });

  it("refuses recipients that are not email addresses, writing nothing", async () => {
    const dedupeKey = `order_expired:${newId()}`;
    await expect(
      t.modules.notifications.sendEmail(t.ctx, {
        template: "order_expired",
        to: ["ok@example.com", "not an address"],
        data: { orderId: newId(), orderNumber: "SKN-500" },
        dedupeKey,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", status: 400 });
    const res = await t.app.inject({ method: "GET", url: "/api/admin/emails?to=ok@example.com", headers: admin });
    expect(res.json().total).toBe(0);
  });

  it("keeps a message the catcher received from elsewhere as an email of its own", async () => {
    const mailer = createAppMailer(t.config, t.database, createLogger("silent"));
    try {
      await mailer.send({
        messageId: "<foreign-1@elsewhere.test>",
        to: ["ops@example.com"],
        subject: "Hand-made test message",
        text: "hello",
        html: "<p>hello</p>",
      });
    } finally {
      await mailer.close();
    }
    const res = await t.app.inject({ method: "GET", url: "/api/admin/emails?to=ops@example.com", headers: admin });
    expect(res.json().items).toEqual([
      expect.objectContaining({
        message_id: "<foreign-1@elsewhere.test>",
        subject: "Hand-made test message",
        template: null,
        status: "sent",
        caught_at: expect.any(String),
      }),
    ]);
  });
});

describe("GET /api/admin/emails", () => {
  it("is for admins only: 401 anonymous, 403 customer", async () => {
    const anonymous = await t.app.inject({ method: "GET", url: "/api/admin/emails" });
    expect(anonymous.statusCode).toBe(401);
    const asCustomer = await t.app.inject({ method: "GET", url: "/api/admin/emails", headers: customer });
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const one = await t.app.inject({ method: "GET", url: `/api/admin/emails/${newId()}`, headers: customer });
    expect(one.statusCode).toBe(403);
  });

  it("lists newest first, pages, and filters by template and recipient", async () => {
    const tag = newId().slice(-8);
    for (const n of [1, 2, 3]) {
      await t.modules.notifications.sendEmail(t.ctx, {
        template: n === 2 ? "order_expired" : "payment_received",
        to: `pager-${tag}@example.com`,
        data: { orderId: newId(), orderNumber: `SKN-P${n}`, amount: { minor: 100, currency: "KES" }, method: "wallet" },
        dedupeKey: `pager:${tag}:${n}`,
      });
    }
    const url = `/api/admin/emails?to=PAGER-${tag}@example.com&page_size=2`;
    const page1 = (await t.app.inject({ method: "GET", url, headers: admin })).json();
    expect(page1).toMatchObject({ page: 1, page_size: 2, total: 3 });
    const page2 = (await t.app.inject({ method: "GET", url: `${url}&page=2`, headers: admin })).json();
    const subjects = [...page1.items, ...page2.items].map((e: { subject: string }) => e.subject);
    expect(subjects).toEqual([
      "Payment received for order SKN-P3",
      "Order SKN-P2 was cancelled: no payment received",
      "Payment received for order SKN-P1",
    ]);
    expect(page1.items[0]).not.toHaveProperty("html");
    const expired = (
      await t.app.inject({ method: "GET", url: `${url}&template=order_expired`, headers: admin })
    ).json();
    expect(expired.items.map((e: { subject: string }) => e.subject)).toEqual([
      "Order SKN-P2 was cancelled: no payment received",
    ]);
    const bad = await t.app.inject({ method: "GET", url: "/api/admin/emails?template=nope", headers: admin });
    expect(bad.statusCode).toBe(400);
  });

  it("answers 404 problem for an unknown email", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/admin/emails/${newId()}`, headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "EMAIL_NOT_FOUND" });
  });
});
