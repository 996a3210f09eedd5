import { MpesaErrorCode as E } from "@sokoni/contracts";
import { BusinessRuleError, UpstreamError } from "../../../../platform/errors.ts";

/** Daraja's error envelope (protocols.md §1.6). */
export type DarajaErrorBody = { requestId?: string; errorCode?: string; errorMessage?: string };

export type StkPushRequest = {
  BusinessShortCode: string;
  Password: string;
  Timestamp: string;
  TransactionType: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
  Amount: number;
  PartyA: string;
  PartyB: string;
  PhoneNumber: string;
  CallBackURL: string;
  AccountReference: string;
  TransactionDesc: string;
};
export type StkPushResponse = {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResponseCode: string;
  ResponseDescription: string;
  CustomerMessage: string;
};
export type StkQueryRequest = {
  BusinessShortCode: string;
  Password: string;
  Timestamp: string;
  CheckoutRequestID: string;
};
/** The query's answer: final with a ResultCode (a string there), or still being processed. */
export type StkQueryResult =
  | { state: "final"; resultCode: number; resultDesc: string; raw: unknown }
  | { state: "pending"; raw: unknown }
  | { state: "unknown"; raw: unknown };
export type RegisterUrlRequest = {
  ShortCode: string;
  ResponseType: "Completed" | "Cancelled";
  ConfirmationURL: string;
  ValidationURL: string;
};

export type DarajaClientOptions = {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Waits before retries of 5xx/network failures (default 250 ms, 1 s). */
  retryDelaysMs?: number[];
  /** Refresh the token this long before Daraja says it expires (default 60 s). */
  refreshMarginMs?: number;
  now?: () => number;
};

/**
 * A Daraja answer that is an error: `status` 0 for a network failure or timeout. `sent` says
 * whether the request may have reached Daraja (a timeout after sending might have pushed).
 */
export class DarajaError extends Error {
  readonly status: number;
  readonly body: DarajaErrorBody | undefined;
  readonly sent: boolean;
  constructor(message: string, status: number, body: DarajaErrorBody | undefined, sent: boolean) {
    super(message);
    this.name = "DarajaError";
    this.status = status;
    this.body = body;
    this.sent = sent;
  }
  get errorCode(): string | undefined {
    return this.body?.errorCode;
  }
}

/**
 * The Daraja client: OAuth client-credentials token (cached, refreshed before expiry, one refresh
 * at a time), STK Push, STK Push Query and C2B register-URL. Token, query and register calls are
 * retried with backoff on 5xx and network failures; an STK Push only when Daraja answered with an
 * error (it was refused, so nothing was pushed) or the connection was never made — never after a
 * timeout, because a push whose answer was lost may have reached the phone (protocols.md §1.9).
 */
export function createDarajaClient(opts: DarajaClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const delays = opts.retryDelaysMs ?? [250, 1000];
  const margin = opts.refreshMarginMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let token: { value: string; expiresAt: number } | undefined;
  let refreshing: Promise<string> | undefined;

  async function accessToken(force = false): Promise<string> {
    if (!force && token && token.expiresAt - margin > now()) return token.value;
    // Single flight: every caller waiting for a token shares one request.
    refreshing ??= fetchToken().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${opts.consumerKey}:${opts.consumerSecret}`).toString("base64");
    const body = await withRetries(true, () =>
      send("GET", "/oauth/v1/generate?grant_type=client_credentials", { authorization: `Basic ${basic}` }),
    );
    const b = body as { access_token?: unknown; expires_in?: unknown };
    // expires_in is a string ("3599") in Daraja's answer.
    const ttl = Number(b.expires_in);
    if (typeof b.access_token !== "string" || !Number.isFinite(ttl)) {
      throw new DarajaError("Daraja's token answer has no access_token/expires_in", 200, undefined, true);
    }
    token = { value: b.access_token, expiresAt: now() + ttl * 1000 };
    return token.value;
  }

  /** An authenticated JSON POST; an "Invalid Access Token" answer refreshes the token and retries once. */
  async function post(path: string, payload: unknown, retryAfterSend: boolean): Promise<unknown> {
    return withRetries(retryAfterSend, async () => {
      const call = async (t: string) =>
        send("POST", path, { authorization: `Bearer ${t}`, "content-type": "application/json" }, payload);
      try {
        return await call(await accessToken());
      } catch (err) {
        if (err instanceof DarajaError && err.status === 404 && err.errorCode === "404.001.03") {
          return call(await accessToken(true));
        }
        throw err;
      }
    });
  }

  async function withRetries<T>(retryAfterSend: boolean, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const retryable =
          err instanceof DarajaError &&
          (err.status >= 500 || err.status === 0) &&
          // 500.001.1001 is an answer (wrong credentials, still processing, no such request), not a fault.
          err.errorCode !== "500.001.1001" &&
          // A 5xx with Daraja's error envelope means refused; no answer at all may mean it went through.
          (retryAfterSend || !err.sent || err.body !== undefined);
        if (!retryable || attempt >= delays.length) throw err;
        await new Promise((r) => setTimeout(r, delays[attempt]));
      }
    }
  }

  async function send(
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string>,
    payload?: unknown,
  ): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      // Refused connections never reached Daraja; a timeout or reset might have.
      const notSent = e.cause?.code === "ECONNREFUSED" || e.cause?.code === "ENOTFOUND";
      throw new DarajaError(`Daraja is unreachable: ${e.message}`, 0, undefined, !notSent);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const envelope = isErrorBody(body) ? body : undefined;
      const why = envelope?.errorMessage ?? (text.slice(0, 200) || res.statusText);
      throw new DarajaError(`Daraja answered HTTP ${res.status}: ${why}`, res.status, envelope, true);
    }
    return body;
  }

  /** Starts an STK Push. Throws DarajaError. */
  async function stkPush(req: StkPushRequest): Promise<StkPushResponse> {
    const body = (await post("/mpesa/stkpush/v1/processrequest", req, false)) as Partial<StkPushResponse>;
    if (typeof body?.CheckoutRequestID !== "string" || typeof body.MerchantRequestID !== "string") {
      throw new DarajaError("Daraja accepted the push without a CheckoutRequestID", 200, undefined, true);
    }
    if (String(body.ResponseCode) !== "0") {
      throw new DarajaError(`Daraja refused the push: ${body.ResponseDescription}`, 200, undefined, true);
    }
    return body as StkPushResponse;
  }

  /** The status of an STK Push. "pending" while the shopper has not answered; never throws for that. */
  async function stkQuery(req: StkQueryRequest): Promise<StkQueryResult> {
    try {
      const body = (await post("/mpesa/stkpushquery/v1/query", req, true)) as {
        ResultCode?: unknown;
        ResultDesc?: unknown;
      };
      const code = Number(body?.ResultCode);
      if (body?.ResultCode === undefined || !Number.isInteger(code)) return { state: "unknown", raw: body };
      return { state: "final", resultCode: code, resultDesc: String(body.ResultDesc ?? ""), raw: body };
    } catch (err) {
      // 500.001.1001 is overloaded; the message tells "being processed" from the rest.
      if (err instanceof DarajaError && err.body && /being processed/i.test(err.body.errorMessage ?? "")) {
        return { state: "pending", raw: err.body };
      }
      if (err instanceof DarajaError && err.body && /does not exist/i.test(err.body.errorMessage ?? "")) {
        return { state: "unknown", raw: err.body };
      }
      throw err;
    }
  }

  /** Registers the C2B validation and confirmation URLs of a shortcode. */
  async function registerC2bUrls(req: RegisterUrlRequest): Promise<unknown> {
    return post("/mpesa/c2b/v1/registerurl", req, true);
  }

  return { accessToken, stkPush, stkQuery, registerC2bUrls };
}

export type DarajaClient = ReturnType<typeof createDarajaClient>;

function isErrorBody(v: unknown): v is DarajaErrorBody {
  return typeof v === "object" && v !== null && ("errorCode" in v || "errorMessage" in v);
}

/**
 * A Daraja failure as the shopper should read it: refused input (4xx, or the overloaded
 * 500.001.1001 when it says the subscriber is busy) is a 422 they can act on; the rest is a 502.
 */
export function toShopperError(err: unknown): Error {
  if (!(err instanceof DarajaError)) return err instanceof Error ? err : new Error(String(err));
  const message = err.body?.errorMessage ?? err.message;
  if (err.status >= 400 && err.status < 500 && err.errorCode !== "404.001.03") {
    return new BusinessRuleError(E.MPESA_REQUEST_REFUSED, `M-Pesa refused the payment request: ${message}`);
  }
  if (err.errorCode === "500.001.1001" && /lock subscriber/i.test(message)) {
    return new BusinessRuleError(
      E.MPESA_PHONE_BUSY,
      "Another M-Pesa prompt is open on this phone; wait a minute and try again",
    );
  }
  if (err.errorCode === "500.001.1001" && /credentials|merchant/i.test(message)) {
    return new UpstreamError(
      E.MPESA_UNAVAILABLE,
      `M-Pesa refused Sokoni's credentials (${message}); the shop must fix its settings`,
    );
  }
  return new UpstreamError(E.MPESA_UNAVAILABLE, `M-Pesa is not answering right now (${message}); try again shortly`);
}
