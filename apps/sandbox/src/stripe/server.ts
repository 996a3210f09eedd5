import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { canonical, decodeStripeForm, type FormObject, type FormValue } from "./form.ts";
import { checkoutPage, missingSessionPage, sessionResultPage } from "./html.ts";

/**
 * A Stripe simulator for what Sokoni uses: Checkout Sessions (create, retrieve, expire) with a hosted
 * card page, refunds, and webhook events in Stripe's envelope signed like Stripe does
 * (`Stripe-Signature: t=…,v1=hex HMAC-SHA256("t.body")`), retried until the endpoint answers 2xx.
 * Requests are form-encoded and authenticated by the secret key; POSTs honour Idempotency-Key.
 * State lives in memory.
 */
export type StripeOptions = {
  secretKey: string;
  /** The endpoint's signing secret (whsec_…). */
  webhookSecret: string;
  /** Where events are POSTed; settable later with setWebhookUrl (none: events are only stored). */
  webhookUrl?: string;
  port?: number;
  host?: string;
  /** Waits before each retry of an undelivered event (default 1 s, 2 s, 4 s, 8 s, 16 s). */
  retryDelaysMs?: number[];
  deliveryTimeoutMs?: number;
  logger?: boolean;
};

export type StripeEvent = {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

export type StripeDelivery = { event: StripeEvent; attempts: number; delivered: boolean; lastStatus: number | null };

type Session = Record<string, unknown> & {
  id: string;
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid";
  amount_total: number;
  currency: string;
  success_url: string | null;
  cancel_url: string | null;
  expires_at: number;
  payment_intent: string | null;
  metadata: Record<string, string>;
};
type Intent = Record<string, unknown> & { id: string; amount: number; metadata: Record<string, string> };
type Charge = Record<string, unknown> & {
  id: string;
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  payment_intent: string;
  refunds: { object: "list"; data: Record<string, unknown>[]; has_more: false; total_count: number; url: string };
};

export type StripeSimulator = {
  url: string;
  sessions: ReadonlyMap<string, Readonly<Session>>;
  /** Every event created, with its delivery state, oldest first. */
  deliveries: readonly StripeDelivery[];
  setWebhookUrl(url: string): void;
  /** Sends an event again (Stripe does: duplicates happen). Resolves to the endpoint's status. */
  resend(eventId: string): Promise<number | null>;
  close(): Promise<void>;
};

const API_VERSION = "2024-06-20";
const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];
const DECLINES: Record<string, { code: string; decline_code: string; message: string }> = {
  "4000000000000002": { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  "4000000000009995": {
    code: "card_declined",
    decline_code: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
};
const ZERO_DECIMAL = new Set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "));

class StripeError extends Error {
  readonly status: number;
  readonly body: { error: Record<string, string> };
  constructor(status: number, type: string, message: string, extra: { code?: string; param?: string } = {}) {
    super(message);
    this.status = status;
    this.body = { error: { type, message, ...extra } };
  }
}
const invalid = (message: string, param?: string, code = "parameter_invalid") =>
  new StripeError(400, "invalid_request_error", message, { code, ...(param ? { param } : {}) });

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

export async function startStripe(opts: StripeOptions): Promise<StripeSimulator> {
  const retryDelays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const deliveryTimeout = opts.deliveryTimeoutMs ?? 10_000;
  let webhookUrl = opts.webhookUrl;
  const sessions = new Map<string, Session>();
  const intents = new Map<string, Intent>();
  const charges = new Map<string, Charge>();
  const deliveries: StripeDelivery[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let baseUrl = "";

  const app = Fastify({ logger: opts.logger ?? false });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.addHook("onRequest", async (_req, reply) => {
    reply.header("request-id", id("req"));
  });

  function authenticate(req: FastifyRequest): void {
    const h = req.headers.authorization ?? "";
    let key = "";
    const bearer = /^Bearer\s+(.+)$/i.exec(h);
    const basic = /^Basic\s+(.+)$/i.exec(h);
    if (bearer) key = (bearer[1] ?? "").trim();
    else if (basic)
      key =
        Buffer.from(basic[1] ?? "", "base64")
          .toString("utf8")
          .split(":")[0] ?? "";
    const given = Buffer.from(key);
    const expected = Buffer.from(opts.secretKey);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const shown = key ? `${key.slice(0, 8)}****${key.slice(-4)}` : "";
      throw new StripeError(
        401,
        "invalid_request_error",
        key
          ? `Invalid API Key provided: ${shown}`
          : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
  }

  /** An authenticated API call; POSTs are replayed per Idempotency-Key as Stripe does. */
  function api(handler: (params: FormObject, req: FastifyRequest) => unknown) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        authenticate(req);
        const params = decodeStripeForm(typeof req.body === "string" ? req.body : "");
        const key = req.method === "POST" ? header(req, "idempotency-key") : undefined;
        if (key) {
          if (key.length > 255) throw invalid("Idempotency-Key must be at most 255 characters", undefined);
          const fingerprint = `${req.method} ${req.url.split("?")[0]} ${canonical(params)}`;
          const saved = idempotency.get(key);
          if (saved) {
            if (saved.fingerprint !== fingerprint) {
              throw new StripeError(
                400,
                "idempotency_error",
                `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
              );
            }
            return reply.code(saved.status).header("idempotent-replayed", "true").send(saved.body);
          }
          const { status, body } = await run(handler, params, req);
          // Validation failures are not saved; anything that began executing is (5xx included).
          if (status < 400 || status >= 500) idempotency.set(key, { fingerprint, status, body });
          return reply.code(status).send(body);
        }
        const { status, body } = await run(handler, params, req);
        return reply.code(status).send(body);
      } catch (err) {
        if (err instanceof StripeError) return reply.code(err.status).send(err.body);
        throw err;
      }
    };
  }

  async function run(handler: (p: FormObject, r: FastifyRequest) => unknown, params: FormObject, req: FastifyRequest) {
    try {
      return { status: 200, body: await handler(params, req) };
    } catch (err) {
      if (err instanceof StripeError) return { status: err.status, body: err.body };
      return { status: 500, body: { error: { type: "api_error", message: "An unknown error occurred" } } };
    }
  }

  app.post(
    "/v1/checkout/sessions",
    api((p, req) => createSession(p, header(req, "idempotency-key") ?? null)),
  );
  app.get<{ Params: { id: string } }>(
    "/v1/checkout/sessions/:id",
    api((_p, req) => sessionJson(findSession((req.params as { id: string }).id))),
  );
  app.post<{ Params: { id: string } }>(
    "/v1/checkout/sessions/:id/expire",
    api((_p, req) => {
      const s = findSession((req.params as { id: string }).id);
      if (s.status !== "open") {
        throw invalid(
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
          undefined,
          "checkout_session_not_open",
        );
      }
      expire(s);
      return sessionJson(s);
    }),
  );
  app.post(
    "/v1/refunds",
    api((p, req) => createRefund(p, header(req, "idempotency-key") ?? null)),
  );

  app.get<{ Params: { id: string } }>("/c/pay/:id", async (req, reply) => {
    reply.type("text/html; charset=utf-8");
    const s = sessions.get(req.params.id);
    if (!s) return reply.code(404).send(missingSessionPage());
    expireIfDue(s);
    if (s.status !== "open") return sessionResultPage(s.status, s.status === "complete" ? successUrl(s) : s.cancel_url);
    return page(s);
  });

  app.post<{ Params: { id: string } }>("/c/pay/:id", async (req, reply) => {
    reply.type("text/html; charset=utf-8");
    const s = sessions.get(req.params.id);
    if (!s) return reply.code(404).send(missingSessionPage());
    expireIfDue(s);
    if (s.status !== "open") return sessionResultPage(s.status, s.status === "complete" ? successUrl(s) : s.cancel_url);
    const form = Object.fromEntries(new URLSearchParams(typeof req.body === "string" ? req.body : ""));
    const card = String(form.cardNumber ?? "").replace(/[\s-]/g, "");
    if (!/^\d{12,19}$/.test(card) || !luhn(card)) {
      return reply.code(400).send(page(s, "Your card number is incorrect."));
    }
    const intent = intentOf(s);
    const decline = DECLINES[card];
    if (decline) {
      const error = { type: "card_error", ...decline, doc_url: "https://stripe.com/docs/error-codes/card-declined" };
      Object.assign(intent, { status: "requires_payment_method", last_payment_error: error });
      // The session stays open: the shopper may try another card.
      await track(emit("payment_intent.payment_failed", { ...intent }));
      return reply.code(402).send(page(s, decline.message));
    }
    const charge: Charge = {
      id: id("ch"),
      object: "charge",
      amount: s.amount_total,
      amount_captured: s.amount_total,
      amount_refunded: 0,
      captured: true,
      created: now(),
      currency: s.currency,
      livemode: false,
      metadata: { ...intent.metadata },
      paid: true,
      payment_intent: intent.id,
      payment_method_details: { type: "card", card: { brand: "visa", last4: card.slice(-4) } },
      refunded: false,
      refunds: { object: "list", data: [], has_more: false, total_count: 0, url: "" },
      status: "succeeded",
    };
    charge.refunds.url = `/v1/charges/${charge.id}/refunds`;
    charges.set(charge.id, charge);
    Object.assign(intent, { status: "succeeded", last_payment_error: null, latest_charge: charge.id });
    Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: intent.id });
    // The first delivery is awaited, so the shop already knows when the shopper lands on success_url.
    await track(emit("checkout.session.completed", sessionJson(s)));
    const target = successUrl(s);
    return target ? reply.redirect(target, 303) : sessionResultPage("complete", null);
  });

  function page(s: Session, error?: string): string {
    const item = (s.line_items as { name: string }[])[0];
    return checkoutPage({
      id: s.id,
      name: item?.name ?? "Order",
      amount: formatAmount(s.amount_total, s.currency),
      currency: s.currency,
      cancelUrl: s.cancel_url,
      error,
    });
  }

  function createSession(p: FormObject, idempotencyKey: string | null): unknown {
    const mode = str(p.mode);
    if (!mode) throw invalid("Missing required param: mode.", "mode", "parameter_missing");
    if (mode !== "payment") {
      throw invalid(`The simulator supports mode=payment only, not ${mode}.`, "mode");
    }
    const items = p.line_items;
    if (!Array.isArray(items) || items.length === 0) {
      throw invalid("You must provide at least one line_item when mode=payment.", "line_items", "parameter_missing");
    }
    let currency: string | undefined;
    let total = 0;
    const lines = items.map((raw, i) => {
      const li = obj(raw);
      if (li.price !== undefined)
        throw invalid(`No such price: '${str(li.price)}'`, `line_items[${i}][price]`, "resource_missing");
      const pd = obj(li.price_data);
      const cur = str(pd.currency);
      if (!cur || !/^[a-z]{3}$/.test(cur)) {
        throw invalid(
          "Invalid currency: must be a three-letter ISO code in lowercase.",
          `line_items[${i}][price_data][currency]`,
        );
      }
      if (currency && cur !== currency) {
        throw invalid("All line items must use the same currency.", `line_items[${i}][price_data][currency]`);
      }
      currency = cur;
      const unit = int(pd.unit_amount, `line_items[${i}][price_data][unit_amount]`, 0);
      const name = str(obj(pd.product_data).name);
      if (!name)
        throw invalid(
          "Missing required param: line_items[0][price_data][product_data][name].",
          `line_items[${i}][price_data][product_data][name]`,
          "parameter_missing",
        );
      const quantity = int(li.quantity, `line_items[${i}][quantity]`, 1);
      total += unit * quantity;
      return { name, unit_amount: unit, quantity, currency: cur };
    });
    if (total < 1)
      throw invalid(
        "The Checkout Session's total amount due must be greater than zero.",
        "line_items",
        "amount_too_small",
      );
    const ref = p.client_reference_id === undefined ? null : (str(p.client_reference_id) ?? "");
    if (ref !== null && (ref.length === 0 || ref.length > 200))
      throw invalid("client_reference_id must be 1 to 200 characters.", "client_reference_id");
    const created = now();
    let expiresAt = created + 24 * 3600;
    if (p.expires_at !== undefined) {
      expiresAt = int(p.expires_at, "expires_at", 0);
      if (expiresAt < created + 30 * 60 - 5 || expiresAt > created + 24 * 3600) {
        throw invalid(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          "expires_at",
        );
      }
    }
    const s: Session = {
      id: `cs_test_${randomBytes(24).toString("base64url").replace(/[-_]/g, "x")}`,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      cancel_url: str(p.cancel_url) ?? null,
      client_reference_id: ref,
      created,
      currency: currency as string,
      customer_email: str(p.customer_email) ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata: strings(p.metadata, "metadata"),
      mode: "payment",
      payment_intent: null,
      payment_method_types: ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: str(p.success_url) ?? null,
      url: null,
      line_items: lines,
      payment_intent_data: { metadata: strings(obj(p.payment_intent_data).metadata, "payment_intent_data[metadata]") },
      idempotency_key: idempotencyKey,
    };
    s.url = `${baseUrl}/c/pay/${s.id}`;
    sessions.set(s.id, s);
    return sessionJson(s);
  }

  function findSession(sid: string): Session {
    const s = sessions.get(sid);
    if (!s)
      throw new StripeError(404, "invalid_request_error", `No such checkout.session: '${sid}'`, {
        code: "resource_missing",
        param: "session",
      });
    expireIfDue(s);
    return s;
  }

  function sessionJson(s: Session): Record<string, unknown> {
    const { line_items: _l, payment_intent_data: _p, idempotency_key: _k, payment_intent_id: _i, ...rest } = s;
    return { ...rest, url: s.status === "open" ? s.url : null };
  }

  function intentOf(s: Session): Intent {
    const existing = s.payment_intent_id ? intents.get(String(s.payment_intent_id)) : undefined;
    if (existing) return existing;
    const intent: Intent = {
      id: id("pi"),
      object: "payment_intent",
      amount: s.amount_total,
      currency: s.currency,
      created: now(),
      livemode: false,
      metadata: { ...(s.payment_intent_data as { metadata: Record<string, string> }).metadata },
      status: "requires_payment_method",
      last_payment_error: null,
      latest_charge: null,
    };
    intents.set(intent.id, intent);
    s.payment_intent_id = intent.id;
    return intent;
  }

  function expireIfDue(s: Session): void {
    if (s.status === "open" && s.expires_at <= now()) expire(s);
  }

  function expire(s: Session): void {
    s.status = "expired";
    void track(emit("checkout.session.expired", sessionJson(s)));
  }

  function createRefund(p: FormObject, idempotencyKey: string | null): unknown {
    let charge: Charge | undefined;
    const pi = str(p.payment_intent);
    const ch = str(p.charge);
    if (!pi && !ch) throw invalid("One of `charge` or `payment_intent` is required.", undefined, "parameter_missing");
    if (pi) {
      const intent = intents.get(pi);
      if (!intent) throw invalid(`No such payment_intent: '${pi}'`, "payment_intent", "resource_missing");
      charge = intent.latest_charge ? charges.get(String(intent.latest_charge)) : undefined;
      if (!charge)
        throw invalid(`This PaymentIntent (${pi}) does not have a successful charge to refund.`, "payment_intent");
    } else {
      charge = charges.get(ch as string);
      if (!charge) throw invalid(`No such charge: '${ch}'`, "charge", "resource_missing");
    }
    const left = charge.amount - charge.amount_refunded;
    if (left <= 0)
      throw invalid(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
    const amount = p.amount === undefined ? left : int(p.amount, "amount", 1);
    if (amount > left) {
      throw invalid(
        `Refund amount (${formatAmount(amount, String(charge.currency))}) is greater than unrefunded amount on charge (${formatAmount(left, String(charge.currency))})`,
        "amount",
        "amount_too_large",
      );
    }
    const reason = str(p.reason) ?? null;
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      throw invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
    }
    const refund = {
      id: id("re"),
      object: "refund",
      amount,
      balance_transaction: id("txn"),
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata: strings(p.metadata, "metadata"),
      payment_intent: charge.payment_intent,
      reason,
      status: "succeeded",
    };
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    charge.refunds.data.unshift(refund);
    charge.refunds.total_count += 1;
    // Sent after the answer, as Stripe does: the caller may still be inside its own transaction.
    const snapshot = structuredClone(charge);
    const t = setTimeout(() => {
      timers.delete(t);
      void track(emit("refund.created", { ...refund }, undefined, idempotencyKey));
      void track(emit("charge.refunded", snapshot, previous, idempotencyKey));
    }, 10);
    timers.add(t);
    return refund;
  }

  async function emit(
    type: string,
    object: Record<string, unknown>,
    previous?: Record<string, unknown>,
    idempotencyKey: string | null = null,
  ): Promise<boolean> {
    const event: StripeEvent = {
      id: id("evt"),
      object: "event",
      api_version: API_VERSION,
      created: now(),
      data: previous ? { object, previous_attributes: previous } : { object },
      livemode: false,
      pending_webhooks: webhookUrl ? 1 : 0,
      request: { id: idempotencyKey ? id("req") : null, idempotency_key: idempotencyKey },
      type,
    };
    const d: StripeDelivery = { event, attempts: 0, delivered: false, lastStatus: null };
    deliveries.push(d);
    const ok = await attempt(d);
    if (!ok) scheduleRetries(d);
    return ok;
  }

  async function attempt(d: StripeDelivery): Promise<boolean> {
    if (!webhookUrl || closed) return false;
    d.attempts += 1;
    const body = JSON.stringify(d.event);
    const t = now();
    const signature = createHmac("sha256", opts.webhookSecret).update(`${t}.${body}`).digest("hex");
    try {
      const res = await fetch(webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": `t=${t},v1=${signature}`,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body,
        signal: AbortSignal.timeout(deliveryTimeout),
      });
      await res.arrayBuffer();
      d.lastStatus = res.status;
      if (res.ok) {
        d.delivered = true;
        d.event.pending_webhooks = 0;
      }
      return res.ok;
    } catch {
      d.lastStatus = null;
      return false;
    }
  }

  function scheduleRetries(d: StripeDelivery): void {
    const step = (i: number) => {
      const delay = retryDelays[i];
      if (delay === undefined || closed || d.delivered) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void track(attempt(d)).then((ok) => (ok ? undefined : step(i + 1)));
      }, delay);
      timers.add(timer);
    };
    step(0);
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  function successUrl(s: Session): string | null {
    return s.success_url ? s.success_url.replaceAll("{CHECKOUT_SESSION_ID}", s.id) : null;
  }

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const u = new URL(address);
  if (u.hostname === "0.0.0.0" || u.hostname === "[::]") u.hostname = "127.0.0.1";
  baseUrl = u.origin;

  return {
    url: baseUrl,
    sessions,
    deliveries,
    setWebhookUrl(url: string) {
      webhookUrl = url;
    },
    async resend(eventId: string) {
      const d = deliveries.find((x) => x.event.id === eventId);
      if (!d) throw new Error(`no event ${eventId}`);
      await track(attempt(d));
      return d.lastStatus;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      await app.close();
    },
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function str(v: FormValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function obj(v: FormValue | undefined): FormObject {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function int(v: FormValue | undefined, param: string, min: number): number {
  if (typeof v !== "string" || !/^\d+$/.test(v)) {
    throw invalid(
      v === undefined ? `Missing required param: ${param}.` : `Invalid integer: ${String(v)}`,
      param,
      v === undefined ? "parameter_missing" : "parameter_invalid_integer",
    );
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw invalid(`This value must be greater than or equal to ${min}.`, param);
  return n;
}

function strings(v: FormValue | undefined, param: string): Record<string, string> {
  if (v === undefined || v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw invalid("Invalid object", param);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") throw invalid("Metadata values must be strings.", `${param}[${k}]`);
    if (k.length > 40 || val.length > 500)
      throw invalid("Metadata keys are at most 40 characters, values 500.", `${param}[${k}]`);
    out[k] = val;
  }
  return out;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function formatAmount(minor: number, currency: string): string {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? String(minor) : (minor / 100).toFixed(2);
}
