import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { notFoundPage, payPage, resultPage } from "./html.ts";

/**
 * A hosted-payment-page gateway simulator. The merchant opens a session (Bearer secret), sends
 * the shopper to its redirect_url, the shopper presses Pay or Decline, and the gateway POSTs a
 * webhook signed with hex HMAC-SHA256 of the exact body (header X-Signature) to callback_url,
 * retrying with backoff until the merchant answers 2xx. Sessions live in memory.
 */
export type MockGatewayOptions = {
  secret: string;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** Waits before each retry of a webhook the merchant did not take (default 0.5 s, 1 s, 2 s, 4 s, 8 s). */
  retryDelaysMs?: number[];
  /** Per-attempt timeout of a webhook delivery (default 5 s). */
  deliveryTimeoutMs?: number;
  logger?: boolean;
};

export type MockSession = {
  id: string;
  paymentId: string;
  amount: string;
  currency: string;
  callbackUrl: string;
  returnUrl: string | null;
  status: "open" | "paid" | "declined";
  createdAt: Date;
  webhook: {
    body: string | null;
    attempts: number;
    delivered: boolean;
    lastStatus: number | null;
    lastError: string | null;
  };
};

export type MockGateway = {
  url: string;
  /** The sessions, for tests and the CLI's log. */
  sessions: ReadonlyMap<string, MockSession>;
  close(): Promise<void>;
};

const CreateSessionBody = z.object({
  payment_id: z.string().min(1).max(200),
  amount: z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal amount in major units"),
  currency: z.string().regex(/^[A-Z]{3}$/),
  callback_url: z.url(),
  return_url: z.url().optional(),
});

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** hex HMAC-SHA256 of the exact bytes sent. */
export function signPayload(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

export async function startMockGateway(opts: MockGatewayOptions): Promise<MockGateway> {
  const retryDelays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const deliveryTimeout = opts.deliveryTimeoutMs ?? 5000;
  const sessions = new Map<string, MockSession>();
  const byPayment = new Map<string, MockSession>();
  const retrying = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let baseUrl = "";

  const app = Fastify({ logger: opts.logger ?? false });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  function authorized(req: FastifyRequest): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    const given = Buffer.from(m?.[1]?.trim() ?? "");
    const expected = Buffer.from(opts.secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  function sessionJson(s: MockSession) {
    return {
      id: s.id,
      payment_id: s.paymentId,
      status: s.status,
      amount: s.amount,
      currency: s.currency,
      redirect_url: `${baseUrl}/pay/${s.id}`,
      created_at: s.createdAt.toISOString(),
      webhook: { attempts: s.webhook.attempts, delivered: s.webhook.delivered, last_status: s.webhook.lastStatus },
    };
  }

  const unauthorized = (reply: FastifyReply) => reply.code(401).send({ error: "invalid_api_key" });

  app.post("/v1/sessions", async (req, reply) => {
    if (!authorized(req)) return unauthorized(reply);
    const parsed = CreateSessionBody.safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: "invalid_request", issues: parsed.error.issues.map((i) => i.message) });
    }
    const b = parsed.data;
    const existing = byPayment.get(b.payment_id);
    if (existing) {
      if (existing.amount !== b.amount || existing.currency !== b.currency) {
        return reply.code(409).send({ error: "payment_id_reused", detail: "another session holds this payment_id" });
      }
      return reply.code(200).send(sessionJson(existing));
    }
    const session: MockSession = {
      id: `ms_${randomBytes(12).toString("hex")}`,
      paymentId: b.payment_id,
      amount: b.amount,
      currency: b.currency,
      callbackUrl: b.callback_url,
      returnUrl: b.return_url ?? null,
      status: "open",
      createdAt: new Date(),
      webhook: { body: null, attempts: 0, delivered: false, lastStatus: null, lastError: null },
    };
    sessions.set(session.id, session);
    byPayment.set(session.paymentId, session);
    return reply.code(201).send(sessionJson(session));
  });

  app.get<{ Params: { id: string } }>("/v1/sessions/:id", async (req, reply) => {
    if (!authorized(req)) return unauthorized(reply);
    const s = sessions.get(req.params.id);
    if (!s) return reply.code(404).send({ error: "not_found" });
    return sessionJson(s);
  });

  app.get<{ Params: { id: string } }>("/pay/:id", async (req, reply) => {
    const s = sessions.get(req.params.id);
    reply.type("text/html; charset=utf-8");
    if (!s) return reply.code(404).send(notFoundPage());
    if (s.status !== "open") return resultPage(s.status === "paid" ? "succeeded" : "failed", s.webhook.delivered);
    return payPage(s);
  });

  app.post<{ Params: { id: string } }>("/pay/:id/confirm", async (req, reply) => {
    const s = sessions.get(req.params.id);
    reply.type("text/html; charset=utf-8");
    if (!s) return reply.code(404).send(notFoundPage());
    const action = (req.body as { action?: unknown } | undefined)?.action;
    if (s.status === "open") {
      if (action !== "pay" && action !== "decline") return reply.code(400).send(notFoundPage());
      // Decided once: the outcome and the signed body are fixed from here on.
      s.status = action === "pay" ? "paid" : "declined";
      s.webhook.body = JSON.stringify({
        payment_id: s.paymentId,
        status: s.status === "paid" ? "succeeded" : "failed",
        amount: s.amount,
        currency: s.currency,
      });
    }
    if (!s.webhook.delivered && !retrying.has(s.id)) {
      // The first attempt is awaited so the shopper's next page already shows the shop's view;
      // later attempts run in the background.
      const ok = await track(attempt(s));
      if (!ok) scheduleRetries(s);
    }
    const outcome = s.status === "paid" ? "succeeded" : "failed";
    if (s.returnUrl) {
      const target = new URL(s.returnUrl);
      target.searchParams.set("payment_id", s.paymentId);
      target.searchParams.set("status", outcome);
      return reply.redirect(target.toString(), 303);
    }
    return resultPage(outcome, s.webhook.delivered);
  });

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  async function attempt(s: MockSession): Promise<boolean> {
    const body = s.webhook.body;
    if (!body || closed) return false;
    s.webhook.attempts += 1;
    try {
      const res = await fetch(s.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": signPayload(body, opts.secret) },
        body,
        signal: AbortSignal.timeout(deliveryTimeout),
      });
      await res.arrayBuffer();
      s.webhook.lastStatus = res.status;
      s.webhook.lastError = null;
      if (res.ok) s.webhook.delivered = true;
      return res.ok;
    } catch (err) {
      s.webhook.lastStatus = null;
      s.webhook.lastError = (err as Error).message;
      return false;
    }
  }

  function scheduleRetries(s: MockSession): void {
    retrying.add(s.id);
    const step = (i: number) => {
      const delay = retryDelays[i];
      if (delay === undefined || closed) {
        retrying.delete(s.id);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        void track(attempt(s)).then((ok) => (ok ? retrying.delete(s.id) : step(i + 1)));
      }, delay);
      timers.add(timer);
    };
    step(0);
  }

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const u = new URL(address);
  // 0.0.0.0 is where it listens, not where a browser can reach it.
  if (u.hostname === "0.0.0.0" || u.hostname === "[::]") u.hostname = "127.0.0.1";
  baseUrl = u.origin;

  return {
    url: baseUrl,
    sessions,
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      await app.close();
    },
  };
}
