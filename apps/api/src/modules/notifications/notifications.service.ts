import { type Ctx, isAdmin } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Jobs } from "../../platform/jobs/queue.ts";
import type { CaughtMail, Mailer } from "../../platform/mailer.ts";
import * as repo from "./notifications.repo.ts";
import { renderEmail, type TemplateData, type TemplateName } from "./templates/emails.ts";

/** The job that delivers one queued email; its data is {@link SendEmailJobData}. */
export const SEND_EMAIL_JOB = "notifications.sendEmail";
export type SendEmailJobData = { emailId: string };

export type Email = repo.EmailRow;
export type EmailSummary = repo.EmailSummaryRow;
export type EmailStatus = repo.EmailStatus;

export type SendEmailInput<K extends TemplateName = TemplateName> = {
  template: K;
  to: string | string[];
  data: TemplateData[K];
  /** One email per key, ever: e.g. `order_confirmation:<order id>`. A repeat is a no-op. */
  dedupeKey: string;
};

export type ListEmailsInput = {
  page: number;
  pageSize: number;
  to?: string;
  template?: string;
  status?: EmailStatus;
};

/** The attempt a delivery job is on, as pg-boss counts it (retryCount 0 is the first try). */
export type DeliveryAttempt = { retryCount: number; retryLimit: number };

export type NotificationsDeps = {
  jobs: Jobs;
  /** Needed only where emails are delivered (the worker); without it deliverEmail throws. */
  mailer?: Mailer;
  /** MAIL_FROM. */
  from: string;
  /** Base of the links in emails (PUBLIC_URL). */
  publicUrl: string;
};

const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function createNotificationsModule(deps: NotificationsDeps) {
  const { jobs, mailer, from, publicUrl } = deps;
  const messageIdDomain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "sokoni.local";

  /**
   * Renders the email, records it as queued and enqueues its delivery, in ctx's transaction: if
   * the caller's transaction rolls back, neither exists. The dedupe key makes a repeat a no-op
   * (`queued: false`, the earlier email returned). Throws ValidationError for bad recipients.
   */
  async function sendEmail<K extends TemplateName>(
    ctx: Ctx,
    input: SendEmailInput<K>,
  ): Promise<{ email: Email; queued: boolean }> {
    const to = (Array.isArray(input.to) ? input.to : [input.to]).map((a) => a.trim().toLowerCase());
    if (to.length === 0 || !to.every((a) => EMAIL_RE.test(a))) {
      throw new ValidationError("An email needs valid recipient addresses", [
        { path: "to", message: "must be one or more email addresses" },
      ]);
    }
    const rendered = renderEmail({ publicUrl }, input.template, input.data);
    return withTx(ctx, async (tx) => {
      const id = newId();
      const inserted = await repo.insertQueued(tx.db, {
        id,
        dedupeKey: input.dedupeKey,
        messageId: `<${id}@${messageIdDomain}>`,
        from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        template: input.template,
      });
      if (inserted) {
        await jobs.send(tx, SEND_EMAIL_JOB, { emailId: id } satisfies SendEmailJobData);
        return { email: inserted, queued: true };
      }
      const existing = await repo.selectByDedupeKey(tx.db, input.dedupeKey);
      if (!existing) throw new Error(`email with dedupe key ${input.dedupeKey} vanished`);
      return { email: existing, queued: false };
    });
  }

  /**
   * The `notifications.sendEmail` job handler: sends a queued email through the mailer.
   * Idempotent: an email already sent (or gone) is skipped. On an SMTP error it counts the attempt,
   * marks the email failed when this was the job's last attempt, and rethrows so the queue retries
   * with backoff (and finally dead-letters the job).
   */
  async function deliverEmail(ctx: Ctx, emailId: string, attempt?: DeliveryAttempt): Promise<"sent" | "skipped"> {
    if (!mailer) throw new Error("no mailer: deliverEmail runs only where a mailer is configured (the worker)");
    const email = await repo.selectById(ctx.db, emailId);
    if (!email || email.status === "sent") {
      ctx.log.info({ email_id: emailId, found: Boolean(email) }, "email already sent or gone; nothing to do");
      return "skipped";
    }
    try {
      await mailer.send({
        messageId: email.messageId,
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html ?? "",
      });
    } catch (err) {
      const final = attempt !== undefined && attempt.retryCount >= attempt.retryLimit;
      const message = err instanceof Error ? err.message : String(err);
      await repo.markAttemptFailed(ctx.db, emailId, message.slice(0, 1000), final);
      ctx.log.warn({ email_id: emailId, err: message, final }, "email delivery failed");
      throw err;
    }
    // Sent but not yet recorded is the one window where a crash means a second send on retry
    // (at-least-once); the stable Message-ID lets mail clients fold such a duplicate.
    await repo.markSent(ctx.db, emailId);
    ctx.log.info({ email_id: emailId, template: email.template }, "email sent");
    return "sent";
  }

  /** Emails newest first, filtered by recipient, template and status. Admins only (ForbiddenError). */
  async function listEmails(ctx: Ctx, input: ListEmailsInput): Promise<{ items: EmailSummary[]; total: number }> {
    assertAdmin(ctx);
    return repo.list(
      ctx.db,
      { to: input.to, template: input.template, status: input.status },
      { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
    );
  }

  /** One email with its text and HTML. Admins only. Throws NotFoundError (EMAIL_NOT_FOUND). */
  async function getEmail(ctx: Ctx, id: string): Promise<Email> {
    assertAdmin(ctx);
    const email = await repo.selectById(ctx.db, id);
    if (!email) throw new NotFoundError("EMAIL_NOT_FOUND", `No email with id ${id}`);
    return email;
  }

  return { sendEmail, deliverEmail, listEmails, getEmail };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;

/**
 * Stores what the local mail catcher received: an email of ours (matched by Message-ID) gets
 * `caught_at`; anything else becomes an email row of its own (no template), so nothing that
 * reaches the catcher is lost. Plain function (no module deps) so the mailer can be wired to it
 * before the modules exist.
 */
export async function storeCaughtEmail(ctx: Ctx, mail: CaughtMail): Promise<void> {
  if (mail.messageId && (await repo.markCaught(ctx.db, mail.messageId, mail.receivedAt))) return;
  const id = newId();
  await repo.insertCaught(ctx.db, {
    id,
    messageId: mail.messageId ?? `<${id}@catcher.local>`,
    from: mail.from,
    to: mail.to.map((a) => a.toLowerCase()),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    status: "sent",
    sentAt: mail.receivedAt,
    caughtAt: mail.receivedAt,
  });
}

function assertAdmin(ctx: Ctx) {
  if (!isAdmin(ctx.actor)) throw new ForbiddenError("Only admins can read the email log");
}
