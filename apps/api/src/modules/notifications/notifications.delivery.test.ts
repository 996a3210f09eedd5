import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { newId } from "../../platform/ids.ts";
import { DEAD_LETTER_QUEUE, installJobQueue } from "../../platform/jobs/queue.ts";
import { createLogger } from "../../platform/log.ts";
import { runWorker } from "../../worker.ts";
import { SEND_EMAIL_JOB } from "./index.ts";

// SMTP_URL points at a real local SMTP server that refuses mail while `refusing` is set: the
// delivery job retries with backoff, ends failed (and dead-lettered), admins see it and retry it.
let t: TestApp;
let smtp: SMTPServer;
let stopWorker: () => Promise<void>;
let admin: Record<string, string>;
let refusing = true;
const attempts: number[] = [];
const received: Array<{ subject: string; messageId: string | undefined }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === "smtp-secret" ? cb(null, { user: auth.username }) : cb(new Error("bad credentials")),
    onRcptTo(_address, _session, cb) {
      attempts.push(Date.now());
      if (refusing) cb(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 }));
      else cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream).then((p) => {
        received.push({ subject: p.subject ?? "", messageId: p.messageId });
        cb();
      }, cb);
    },
  });
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ SMTP_URL: `smtp://sokoni:smtp-secret@127.0.0.1:${port}` });
  // Short retries for the test: 3 attempts, 1 s then 2 s (plus jitter) apart.
  await installJobQueue(t.database, [{ name: SEND_EMAIL_JOB, retryLimit: 2, retryDelay: 1 }]);
  stopWorker = await runWorker(t.modules, t.database, createLogger("silent"));
  admin = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "admin" })}` };
}, 60_000);
afterAll(async () => {
  await stopWorker();
  await t.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

async function waitFor(predicate: () => Promise<boolean>, ms = 40_000) {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

type FailedJobs = {
  items: Array<{ id: string; name: string; data: { emailId: string }; retry_count: number; error: string | null }>;
  total: number;
  dead_letter_queue: { name: string; size: number };
};

describe("email delivery when SMTP fails", () => {
  it("retries with backoff, marks the email failed, dead-letters the job; an admin retry delivers it", async () => {
    const { email } = await t.modules.notifications.sendEmail(t.ctx, {
      template: "payment_failed",
      to: "amina@example.com",
      data: {
        orderId: newId(),
        orderNumber: "SKN-900",
        amount: { minor: 250_000, currency: "KES" },
        method: "M-Pesa",
        reason: "The request was cancelled on the phone",
      },
      dedupeKey: `payment_failed:${newId()}`,
    });

    await waitFor(async () => (await t.modules.notifications.getEmail(t.ctx, email.id)).status === "failed");
    const failed = await t.modules.notifications.getEmail(t.ctx, email.id);
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/Mailbox temporarily unavailable/);
    expect(failed.sentAt).toBeNull();
    expect(attempts).toHaveLength(3);
    // Backoff: the retries are spaced by at least the retry delay, not run back to back.
    const [a0 = 0, a1 = 0, a2 = 0] = attempts;
    expect(a1 - a0).toBeGreaterThanOrEqual(900);
    expect(a2 - a1).toBeGreaterThanOrEqual(900);

    let list: FailedJobs | undefined;
    await waitFor(async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/admin/jobs/failed", headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      list = res.json();
      return (list?.items ?? []).some((j) => j.data.emailId === email.id);
    });
    const job = list?.items.find((j) => j.data.emailId === email.id);
    expect(job).toMatchObject({ name: SEND_EMAIL_JOB, retry_count: 2, error: expect.stringMatching(/Mailbox/) });
    expect(list?.dead_letter_queue).toEqual({ name: DEAD_LETTER_QUEUE, size: 1 });
    expect(JSON.stringify(list)).not.toMatch(/smtp-secret|stack/);

    const byName = await t.app.inject({
      method: "GET",
      url: `/api/admin/jobs/failed?name=${SEND_EMAIL_JOB}&page_size=1`,
      headers: admin,
    });
    expect(byName.json()).toMatchObject({ total: 1, page_size: 1 });
    const otherName = await t.app.inject({ method: "GET", url: "/api/admin/jobs/failed?name=nope", headers: admin });
    expect(otherName.json()).toMatchObject({ total: 0, items: [] });

    // The server is fixed; the admin retries the job and the email goes out.
    refusing = false;
    const retry = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${job?.id}/retry`, headers: admin });
    expect(retry.statusCode, retry.body).toBe(202);
    expect(retry.json()).toEqual({ id: job?.id, name: SEND_EMAIL_JOB, state: "retry" });
    await waitFor(async () => (await t.modules.notifications.getEmail(t.ctx, email.id)).status === "sent");
    const sent = await t.modules.notifications.getEmail(t.ctx, email.id);
    expect(sent).toMatchObject({ attempts: 4, error: null });
    expect(received).toEqual([{ subject: "Payment for order SKN-900 did not go through", messageId: sent.messageId }]);

    // Retried and done: no longer listed; retrying it again is a conflict.
    await waitFor(async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/admin/jobs/failed", headers: admin });
      return !(res.json() as FailedJobs).items.some((j) => j.id === job?.id);
    });
    const again = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${job?.id}/retry`, headers: admin });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "JOB_NOT_FAILED" });
  }, 90_000);
});

describe("job admin routes", () => {
  it("are for admins only", async () => {
    const customer = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "customer" })}` };
    expect((await t.app.inject({ method: "GET", url: "/api/admin/jobs/failed" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/api/admin/jobs/failed", headers: customer })).statusCode).toBe(
      403,
    );
    const retry = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${newId()}/retry`, headers: customer });
    expect(retry.statusCode).toBe(403);
  });

  it("answers 404 for an unknown job and 400 for a malformed id", async () => {
    const unknown = await t.app.inject({ method: "POST", url: `/api/admin/jobs/${newId()}/retry`, headers: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "JOB_NOT_FOUND" });
    const bad = await t.app.inject({ method: "POST", url: "/api/admin/jobs/not-a-uuid/retry", headers: admin });
    expect(bad.statusCode).toBe(400);
  });
});
