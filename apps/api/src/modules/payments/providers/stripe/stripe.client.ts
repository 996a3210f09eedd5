/**
 * A small Stripe API client over fetch, speaking the real wire protocol: form-encoded bodies in
 * bracket notation, `Authorization: Bearer sk_…`, an Idempotency-Key on every POST (retries reuse
 * it, so Stripe replays instead of acting twice), Stripe's error envelope turned into StripeApiError.
 */
export type StripeClientConfig = {
  /** https://api.stripe.com in production; the sandbox simulator's URL offline. */
  apiBase: string;
  secretKey: string;
  /** Pins the API version (Stripe-Version header); unset: the account's default. */
  apiVersion?: string;
  timeoutMs?: number;
  /** Waits before each retry of a network error, 409 or 5xx (default 0.3 s, 1 s). */
  retryDelaysMs?: number[];
};

export type StripeCheckoutSession = {
  id: string;
  object: "checkout.session";
  url: string | null;
  status: "open" | "complete" | "expired" | null;
  payment_status: "paid" | "unpaid" | "no_payment_required";
  amount_total: number | null;
  currency: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string> | null;
  payment_intent: string | null;
  expires_at: number;
  created: number;
};

export type StripeRefund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string | null;
  currency: string;
  payment_intent: string | null;
  reason: string | null;
  status: "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | null;
  metadata: Record<string, string> | null;
};

export type CreateCheckoutSessionParams = {
  mode: "payment";
  success_url: string;
  cancel_url: string;
  client_reference_id: string;
  metadata: Record<string, string>;
  line_items: {
    price_data: { currency: string; unit_amount: number; product_data: { name: string } };
    quantity: number;
  }[];
  payment_intent_data?: { metadata: Record<string, string> };
  customer_email?: string;
  expires_at?: number;
};

export type CreateRefundParams = {
  payment_intent: string;
  amount?: number;
  reason?: "duplicate" | "fraudulent" | "requested_by_customer";
  metadata?: Record<string, string>;
};

/** Stripe refused the request (4xx/5xx with its error envelope) or could not be reached (status 0). */
export class StripeApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | undefined;
  readonly param: string | undefined;
  constructor(status: number, type: string, message: string, code?: string, param?: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }
}

type Params = { [key: string]: Param };
type Param = string | number | boolean | null | undefined | Params | Param[];

/** Stripe's form encoding: `a[b][0][c]=v`; undefined and null are left out. */
export function encodeStripeForm(params: Params): string {
  const out = new URLSearchParams();
  const walk = (prefix: string, value: Param) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(`${prefix}[${i}]`, v);
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}[${k}]`, v);
    } else {
      out.append(prefix, String(value));
    }
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return out.toString();
}

export function createStripeClient(config: StripeClientConfig) {
  const timeout = config.timeoutMs ?? 10_000;
  const retryDelays = config.retryDelaysMs ?? [300, 1000];

  async function request<T>(method: "GET" | "POST", path: string, body?: Params, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${config.secretKey}` };
    if (config.apiVersion) headers["stripe-version"] = config.apiVersion;
    if (method === "POST") {
      headers["content-type"] = "application/x-www-form-urlencoded";
      if (!idempotencyKey) throw new Error("every Stripe POST carries an Idempotency-Key");
      headers["idempotency-key"] = idempotencyKey;
    }
    const url = new URL(path.replace(/^\//, ""), `${config.apiBase.replace(/\/+$/, "")}/`);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body: body ? encodeStripeForm(body) : undefined,
          signal: AbortSignal.timeout(timeout),
        });
      } catch (err) {
        if (attempt < retryDelays.length) {
          await sleep(retryDelays[attempt] ?? 0);
          continue;
        }
        throw new StripeApiError(0, "api_connection_error", `Stripe is unreachable: ${(err as Error).message}`);
      }
      const text = await res.text();
      // The same Idempotency-Key makes a retry safe: Stripe replays the first outcome.
      if ((res.status === 409 || res.status >= 500) && attempt < retryDelays.length) {
        await sleep(retryDelays[attempt] ?? 0);
        continue;
      }
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        throw new StripeApiError(res.status, "api_error", `Stripe answered HTTP ${res.status} without JSON`);
      }
      if (!res.ok) {
        const e = (json as { error?: { type?: string; message?: string; code?: string; param?: string } })?.error;
        throw new StripeApiError(
          res.status,
          e?.type ?? "api_error",
          e?.message ?? `Stripe answered HTTP ${res.status}`,
          e?.code,
          e?.param,
        );
      }
      return json as T;
    }
  }

  return {
    /** POST /v1/checkout/sessions. */
    createCheckoutSession(params: CreateCheckoutSessionParams, idempotencyKey: string) {
      return request<StripeCheckoutSession>("POST", "/v1/checkout/sessions", params as Params, idempotencyKey);
    },
    /** GET /v1/checkout/sessions/:id. */
    retrieveCheckoutSession(id: string) {
      return request<StripeCheckoutSession>("GET", `/v1/checkout/sessions/${encodeURIComponent(id)}`);
    },
    /** POST /v1/checkout/sessions/:id/expire: ends an open session. */
    expireCheckoutSession(id: string, idempotencyKey: string) {
      return request<StripeCheckoutSession>(
        "POST",
        `/v1/checkout/sessions/${encodeURIComponent(id)}/expire`,
        {},
        idempotencyKey,
      );
    },
    /** POST /v1/refunds: `amount` unset refunds the whole remainder. */
    createRefund(params: CreateRefundParams, idempotencyKey: string) {
      return request<StripeRefund>("POST", "/v1/refunds", params as Params, idempotencyKey);
    },
  };
}

export type StripeClient = ReturnType<typeof createStripeClient>;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
