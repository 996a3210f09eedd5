import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import nodemailer, { type Transporter } from "nodemailer";
import { SMTPServer } from "smtp-server";
import type { Logger } from "./log.ts";

/**
 * Outgoing email over SMTP (nodemailer). With an SMTP_URL it talks to that server; without one
 * it starts a local SMTP catcher on 127.0.0.1 (smtp-server) and sends to it, handing every caught
 * message to `onCaught`, so the whole flow works, really over SMTP, with no network. No domain
 * code here: what to send and where to keep what was caught is the caller's business.
 */

export type MailConfig = { smtpUrl?: string; from: string };

export type MailMessage = {
  /** RFC 5322 Message-ID, `<...@...>`; stable across retries so receivers can spot duplicates. */
  messageId: string;
  /** Defaults to the configured MAIL_FROM. */
  from?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
};

export type SentMail = { messageId: string; response: string };

/** A message as the local catcher received it over SMTP. */
export type CaughtMail = {
  messageId: string | null;
  from: string;
  /** Envelope recipients (RCPT TO), which include Bcc. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
};

export type Mailer = {
  readonly from: string;
  readonly mode: "smtp" | "catcher";
  /** Sends one message; rejects on any SMTP or connection error (callers retry through jobs). */
  send(message: MailMessage): Promise<SentMail>;
  /** Starts the catcher now (it otherwise starts with the first send). No-op with SMTP_URL. */
  start(): Promise<void>;
  /** Closes the transport and stops the catcher. Idempotent. */
  close(): Promise<void>;
};

export type MailerOptions = {
  log: Logger;
  /** Catcher mode: receives every caught message. An error makes the catcher refuse the message. */
  onCaught?: (mail: CaughtMail) => Promise<void>;
};

// Without these nodemailer waits up to two minutes for a dead server; a job attempt must fail
// well within its expireInSeconds so the retry policy, not the expiry, decides what happens next.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailer(config: MailConfig, options: MailerOptions): Mailer {
  const { log } = options;
  let transport: Transporter | undefined;
  let catcher: MailCatcher | undefined;
  let starting: Promise<Transporter> | undefined;
  let closed = false;

  function transportFor(url: string) {
    return nodemailer.createTransport({ url, ...TIMEOUTS });
  }

  async function ready(): Promise<Transporter> {
    if (closed) throw new Error("mailer is closed");
    if (transport) return transport;
    starting ??= (async () => {
      if (config.smtpUrl) {
        transport = transportFor(config.smtpUrl);
        log.info({ smtp: redactSmtpUrl(config.smtpUrl) }, "mailer uses SMTP");
      } else {
        catcher = await startMailCatcher({
          log,
          onMessage: options.onCaught ?? (async (mail) => log.info({ to: mail.to, subject: mail.subject }, "caught")),
        });
        // The catcher offers no STARTTLS: plain SMTP on the loopback interface only.
        transport = nodemailer.createTransport({ ...TIMEOUTS, host: "127.0.0.1", port: catcher.port, ignoreTLS: true });
        log.info({ port: catcher.port }, "no SMTP_URL: local mail catcher listening on 127.0.0.1");
      }
      return transport;
    })();
    try {
      return await starting;
    } catch (err) {
      starting = undefined;
      throw err;
    }
  }

  return {
    from: config.from,
    mode: config.smtpUrl ? "smtp" : "catcher",
    async send(message) {
      const t = await ready();
      const info = await t.sendMail({
        from: message.from ?? config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
      return { messageId: String(info.messageId ?? message.messageId), response: String(info.response ?? "") };
    },
    async start() {
      await ready();
    },
    async close() {
      if (closed) return;
      closed = true;
      await starting?.catch(() => undefined);
      transport?.close();
      await catcher?.close();
    },
  };
}

export type MailCatcher = { host: string; port: number; close(): Promise<void> };

/** A local SMTP server that accepts every message (no auth, no TLS) and passes it on parsed. */
export async function startMailCatcher(options: {
  log: Logger;
  onMessage: (mail: CaughtMail) => Promise<void>;
  port?: number;
}): Promise<MailCatcher> {
  const { log, onMessage } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const envelope = session.envelope;
          const to = envelope.rcptTo.map((a) => a.address);
          const sender = parsed.from?.value[0];
          const from = sender?.address
            ? sender.name
              ? `${sender.name} <${sender.address}>`
              : sender.address
            : envelope.mailFrom
              ? envelope.mailFrom.address
              : "";
          await onMessage({
            messageId: parsed.messageId ?? null,
            from,
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            receivedAt: new Date(),
          });
        })
        .then(
          () => callback(),
          (err: unknown) => {
            log.error({ err }, "mail catcher could not store a message");
            // A temporary failure: the sender keeps the message and tries again later.
            callback(Object.assign(new Error("Message could not be stored, try again later"), { responseCode: 451 }));
          },
        );
    },
  });
  server.on("error", (err) => log.error({ err }, "mail catcher error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The SMTP URL without its password, for logs and diagnostics. */
export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable SMTP URL)";
  }
}
