import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "./log.ts";
import { type CaughtMail, createMailer, type Mailer, redactSmtpUrl } from "./mailer.ts";

const silent = createLogger("silent");
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

const message = (n: number) => ({
  messageId: `<test-${n}@sokoni.local>`,
  to: ["amina@example.com"],
  subject: `Hello ${n}`,
  text: `Plain body ${n}`,
  html: `<p>HTML body <b>${n}</b></p>`,
});

/** A real SMTP server on 127.0.0.1 that records what it receives; `fail` makes it refuse recipients. */
async function startSmtp(opts: { user?: string; pass?: string } = {}) {
  const received: Array<{ subject: string; to: string[]; user?: string }> = [];
  const state = { fail: false };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: !opts.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error("Invalid credentials"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (state.fail) cb(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 }));
      else cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((p) => {
        received.push({
          subject: p.subject ?? "",
          to: session.envelope.rcptTo.map((a) => a.address),
          user: session.user as string | undefined,
        });
        cb();
      }, cb);
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const port = (server.server.address() as AddressInfo).port;
  const handle = { close: () => new Promise<void>((r) => server.close(() => r())) };
  opened.push(handle);
  return { port, received, state };
}

function track(mailer: Mailer): Mailer {
  opened.push(mailer);
  return mailer;
}

describe("mailer in catcher mode (no SMTP_URL)", () => {
  it("delivers over real SMTP to a local catcher that hands over the parsed message", async () => {
    const caught: CaughtMail[] = [];
    const mailer = track(
      createMailer(
        { from: "Sokoni <no-reply@sokoni.local>" },
        { log: silent, onCaught: async (m) => void caught.push(m) },
      ),
    );
    expect(mailer.mode).toBe("catcher");
    const sent = await mailer.send(message(1));
    expect(sent.messageId).toBe("<test-1@sokoni.local>");
    expect(caught).toHaveLength(1);
    expect(caught[0]).toMatchObject({
      messageId: "<test-1@sokoni.local>",
      from: "Sokoni <no-reply@sokoni.local>",
      to: ["amina@example.com"],
      subject: "Hello 1",
      text: "Plain body 1",
      html: "<p>HTML body <b>1</b></p>",
    });
  });

  it("refuses the message (a temporary SMTP error) when the catch cannot be stored, so the sender retries", async () => {
    const mailer = track(
      createMailer(
        { from: "no-reply@sokoni.local" },
        {
          log: silent,
          onCaught: async () => {
            throw new Error("database down");
          },
        },
      ),
    );
    await expect(mailer.send(message(2))).rejects.toMatchObject({ responseCode: 451 });
  });

  it("stops listening when closed, and refuses to send afterwards", async () => {
    let port = 0;
    const mailer = createMailer(
      { from: "no-reply@sokoni.local" },
      {
        log: createLogger(
          "info",
          captureLog((line) => (port = line.port ?? port)),
        ),
        onCaught: async () => {},
      },
    );
    await mailer.start();
    expect(port).toBeGreaterThan(0);
    await mailer.close();
    await mailer.close(); // idempotent
    await expect(mailer.send(message(3))).rejects.toThrow(/closed/);
    const other = track(createMailer({ from: "x@y.z", smtpUrl: `smtp://127.0.0.1:${port}` }, { log: silent }));
    await expect(other.send(message(3))).rejects.toMatchObject({ code: expect.stringMatching(/ECONNECTION|ESOCKET/) });
  });
});

describe("mailer with SMTP_URL", () => {
  it("authenticates with the URL's credentials and never logs the password", async () => {
    const smtp = await startSmtp({ user: "mailer", pass: "s3cret-pass" });
    const lines: string[] = [];
    const log = createLogger(
      "debug",
      captureLog((_l, raw) => lines.push(raw)),
    );
    const mailer = track(
      createMailer(
        { from: "no-reply@sokoni.local", smtpUrl: `smtp://mailer:s3cret-pass@127.0.0.1:${smtp.port}` },
        { log },
      ),
    );
    expect(mailer.mode).toBe("smtp");
    await mailer.send(message(4));
    expect(smtp.received).toEqual([{ subject: "Hello 4", to: ["amina@example.com"], user: "mailer" }]);
    expect(lines.join("\n")).toContain(`127.0.0.1:${smtp.port}`);
    expect(lines.join("\n")).not.toContain("s3cret-pass");
  });

  it("rejects with the server's error when the server refuses", async () => {
    const smtp = await startSmtp();
    smtp.state.fail = true;
    const mailer = track(
      createMailer({ from: "no-reply@sokoni.local", smtpUrl: `smtp://127.0.0.1:${smtp.port}` }, { log: silent }),
    );
    await expect(mailer.send(message(5))).rejects.toThrow(/Mailbox temporarily unavailable/);
    smtp.state.fail = false;
    await mailer.send(message(6));
    expect(smtp.received.map((r) => r.subject)).toEqual(["Hello 6"]);
  });

  it("rejects wrong credentials", async () => {
    const smtp = await startSmtp({ user: "mailer", pass: "right" });
    const mailer = track(
      createMailer(
        { from: "no-reply@sokoni.local", smtpUrl: `smtp://mailer:wrong@127.0.0.1:${smtp.port}` },
        { log: silent },
      ),
    );
    await expect(mailer.send(message(7))).rejects.toMatchObject({ code: "EAUTH" });
    expect(smtp.received).toEqual([]);
  });

  it("redacts the password of an SMTP URL", () => {
    expect(redactSmtpUrl("smtps://user:hunter2@smtp.example.com:465")).toBe("smtps://user:***@smtp.example.com:465");
    expect(redactSmtpUrl("smtp://smtp.example.com:25")).toBe("smtp://smtp.example.com:25");
  });
});

function captureLog(onLine: (line: { port?: number }, raw: string) => void) {
  return new Writable({
    write(chunk, _enc, cb) {
      const raw = chunk.toString();
      onLine(JSON.parse(raw), raw);
      cb();
    },
  });
}
