import { randomBytes } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";

/**
 * A Safaricom Daraja simulator speaking the wire protocol of ../shared/docs/protocols.md §1:
 * OAuth client credentials, STK Push (every field validated as Daraja does, with its error
 * envelope), STK Push Query, C2B register-URL and simulate. The STK result is POSTed once (as
 * Daraja does, no retries) to the CallBackURL after `callbackDelayMs`. The outcome follows the
 * phone number's last four digits: 1032 cancelled, 1037 unreachable, 2001 wrong PIN, 0001
 * insufficient funds (ResultCode 1), 9999 no callback at all (only the query tells: success),
 * anything else success with a receipt number. State lives in memory.
 */
export type DarajaOptions = {
  /** Credentials the OAuth endpoint accepts (default: Sokoni's development values). */
  consumerKey?: string;
  consumerSecret?: string;
  /** Lipa na M-Pesa shortcode and its passkey (default: the public sandbox 174379 and its passkey). */
  shortcode?: string;
  passkey?: string;
  /** Wait before the STK result exists and its callback is sent (default 1500 ms). */
  callbackDelayMs?: number;
  /** Access token lifetime in seconds (default 3599, as Daraja). */
  tokenTtlSeconds?: number;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  logger?: boolean;
};

export type StkOutcome = { resultCode: number; resultDesc: string; sendCallback: boolean };

export type StkTransaction = {
  merchantRequestId: string;
  checkoutRequestId: string;
  shortcode: string;
  amount: number;
  phone: string;
  accountReference: string;
  transactionDesc: string;
  callbackUrl: string;
  outcome: StkOutcome;
  receipt: string | null;
  createdAt: Date;
  /** Set once the result exists (after the delay). */
  completedAt: Date | null;
  callback: { body: unknown; status: number | null; error: string | null } | null;
};

export type C2bPayment = {
  transId: string;
  shortcode: string;
  amount: string;
  msisdn: string;
  billRefNumber: string;
  validation: { status: number | null; body: unknown; error: string | null } | null;
  confirmation: { status: number | null; body: unknown; error: string | null } | null;
  outcome: "pending" | "rejected" | "completed";
};

export type Daraja = {
  url: string;
  /** STK transactions by CheckoutRequestID (tests, the CLI's log). */
  transactions: ReadonlyMap<string, StkTransaction>;
  c2bPayments: readonly C2bPayment[];
  /** Registered C2B URLs by shortcode. */
  c2bUrls: ReadonlyMap<string, { confirmationUrl: string; validationUrl: string; responseType: string }>;
  /** Number of tokens issued (tests of the client's caching). */
  tokensIssued(): number;
  /** Waits until every scheduled callback has been delivered (tests). */
  settle(): Promise<void>;
  close(): Promise<void>;
};

export const DARAJA_SANDBOX_SHORTCODE = "174379";
export const DARAJA_SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
export const DARAJA_DEV_CONSUMER_KEY = "sokoni-dev-daraja-consumer-key";
export const DARAJA_DEV_CONSUMER_SECRET = "sokoni-dev-daraja-consumer-secret";

/** The outcome of an STK Push to `phone`, by its last four digits. */
export function outcomeFor(phone: string): StkOutcome {
  switch (phone.slice(-4)) {
    case "1032":
      return { resultCode: 1032, resultDesc: "Request cancelled by user", sendCallback: true };
    case "1037":
      return { resultCode: 1037, resultDesc: "DS timeout user cannot be reached", sendCallback: true };
    case "2001":
      return { resultCode: 2001, resultDesc: "The initiator information is invalid.", sendCallback: true };
    case "0001":
      return {
        resultCode: 1,
        resultDesc: "The balance is insufficient for the transaction.",
        sendCallback: true,
      };
    case "9999":
      return { resultCode: 0, resultDesc: "The service request is processed successfully.", sendCallback: false };
    default:
      return { resultCode: 0, resultDesc: "The service request is processed successfully.", sendCallback: true };
  }
}

class DarajaFault extends Error {
  readonly status: number;
  readonly errorCode: string;
  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}
const invalid = (field: string) => new DarajaFault(400, "400.002.02", `Bad Request - Invalid ${field}`);

/** YYYYMMDDHHmmss in Nairobi time (UTC+3). */
function nairobiStamp(at: Date): string {
  return new Date(at.getTime() + 3 * 3600_000).toISOString().replace(/\D/g, "").slice(0, 14);
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
function receiptNumber(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join("");
}
function requestId(): string {
  return `${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(8).toString("hex")}`;
}

export async function startDaraja(opts: DarajaOptions = {}): Promise<Daraja> {
  const consumerKey = opts.consumerKey ?? DARAJA_DEV_CONSUMER_KEY;
  const consumerSecret = opts.consumerSecret ?? DARAJA_DEV_CONSUMER_SECRET;
  const shortcode = opts.shortcode ?? DARAJA_SANDBOX_SHORTCODE;
  const passkey = opts.passkey ?? DARAJA_SANDBOX_PASSKEY;
  const delay = opts.callbackDelayMs ?? 1500;
  const ttl = opts.tokenTtlSeconds ?? 3599;

  const tokens = new Map<string, number>();
  let issued = 0;
  const transactions = new Map<string, StkTransaction>();
  const c2bPayments: C2bPayment[] = [];
  const c2bUrls = new Map<string, { confirmationUrl: string; validationUrl: string; responseType: string }>();
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const app = Fastify({ logger: opts.logger ?? false });
  // Daraja wants JSON; anything else is refused with its envelope, not Fastify's 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (req, body, done) => {
    const type = String(req.headers["content-type"] ?? "");
    if (!/^application\/json/i.test(type)) return done(null, { __notJson: true });
    try {
      done(null, body === "" ? {} : JSON.parse(String(body)));
    } catch {
      done(null, { __badJson: true });
    }
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof DarajaFault) return fault(reply, err);
    return fault(reply, new DarajaFault(500, "500.003.1001", "Internal Server Error"));
  });
  app.setNotFoundHandler((_req, reply) => fault(reply, new DarajaFault(404, "404.001.01", "Resource not found")));

  function fault(reply: FastifyReply, f: DarajaFault) {
    return reply.code(f.status).send({ requestId: requestId(), errorCode: f.errorCode, errorMessage: f.message });
  }

  function authorize(req: FastifyRequest): void {
    const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
    const expiry = m ? tokens.get(m[1] as string) : undefined;
    if (!expiry || expiry < Date.now()) throw new DarajaFault(404, "404.001.03", "Invalid Access Token");
  }

  function jsonBody(req: FastifyRequest): Record<string, unknown> {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || body.__notJson || body.__badJson || typeof body !== "object" || Array.isArray(body)) {
      throw new DarajaFault(400, "400.002.02", "Bad Request - Invalid JSON body");
    }
    return body;
  }

  /** The portal example mixes numbers and strings; accept both, as Daraja does. */
  function str(v: unknown): string | undefined {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    return undefined;
  }

  function checkPassword(body: Record<string, unknown>): string {
    const code = str(body.BusinessShortCode);
    if (code !== shortcode) throw invalid("BusinessShortCode");
    const ts = str(body.Timestamp);
    if (!ts || !/^\d{14}$/.test(ts)) throw invalid("Timestamp");
    const expected = Buffer.from(`${shortcode}${passkey}${ts}`).toString("base64");
    if (body.Password !== expected) throw new DarajaFault(500, "500.001.1001", "Wrong credentials");
    return code;
  }

  function checkUrl(field: string, v: unknown): string {
    if (typeof v !== "string") throw invalid(field);
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw invalid(field);
    }
    // Daraja refuses these words anywhere in the URL, and an uppercase host (protocols.md §1.2).
    const hostInText = /^[a-z]+:\/\/([^/:?#]+)/i.exec(v)?.[1] ?? "";
    if (!/^https?:$/.test(url.protocol) || /mpesa|safaricom/i.test(v) || hostInText !== hostInText.toLowerCase()) {
      throw invalid(field);
    }
    return v;
  }

  app.get("/oauth/v1/generate", async (req, reply) => {
    const grant = (req.query as Record<string, string | undefined>).grant_type;
    if (grant !== "client_credentials") {
      throw new DarajaFault(400, "400.008.02", "Invalid grant type passed");
    }
    const m = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
    if (!m) throw new DarajaFault(400, "400.008.01", "Invalid authentication type passed");
    const [key, secret] = Buffer.from(m[1] as string, "base64")
      .toString("utf8")
      .split(":");
    if (key !== consumerKey || secret !== consumerSecret) {
      throw new DarajaFault(400, "400.008.01", "Invalid Authentication passed");
    }
    const token = randomBytes(21)
      .toString("base64")
      .replace(/[^A-Za-z0-9]/g, "x");
    tokens.set(token, Date.now() + ttl * 1000);
    issued++;
    // expires_in is a string in Daraja's answer.
    return reply.send({ access_token: token, expires_in: String(ttl) });
  });

  app.post("/mpesa/stkpush/v1/processrequest", async (req) => {
    authorize(req);
    const body = jsonBody(req);
    const code = checkPassword(body);
    const type = body.TransactionType;
    if (type !== "CustomerPayBillOnline" && type !== "CustomerBuyGoodsOnline") throw invalid("TransactionType");
    const amountText = str(body.Amount);
    const amount = Number(amountText);
    if (!amountText || !/^\d+$/.test(amountText) || amount < 1 || amount > 250_000) throw invalid("Amount");
    const phoneOk = (v: unknown) => /^254[17]\d{8}$/.test(str(v) ?? "");
    if (!phoneOk(body.PartyA)) throw invalid("PartyA");
    if (!phoneOk(body.PhoneNumber)) throw invalid("PhoneNumber");
    if (type === "CustomerPayBillOnline" && str(body.PartyB) !== code) throw invalid("PartyB");
    if (!/^\d{5,7}$/.test(str(body.PartyB) ?? "")) throw invalid("PartyB");
    const callbackUrl = checkUrl("CallBackURL", body.CallBackURL);
    const ref = str(body.AccountReference);
    if (!ref || !/^[A-Za-z0-9]{1,12}$/.test(ref)) throw invalid("AccountReference");
    const desc = body.TransactionDesc === undefined ? "" : str(body.TransactionDesc);
    if (desc === undefined || desc.length > 13) throw invalid("TransactionDesc");

    const phone = str(body.PhoneNumber) as string;
    const now = new Date();
    const stamp = nairobiStamp(now);
    // ws_CO_ + DDMMYYYYHHmmss + ms + MSISDN (protocols.md §1.2); clients must not parse it.
    const checkoutRequestId = `ws_CO_${stamp.slice(6, 8)}${stamp.slice(4, 6)}${stamp.slice(0, 4)}${stamp.slice(8)}${String(now.getMilliseconds()).padStart(3, "0")}${phone}${randomBytes(2).toString("hex")}`;
    const outcome = outcomeFor(phone);
    const tx: StkTransaction = {
      merchantRequestId: `${randomBytes(2).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(4).toString("hex")}-${randomBytes(8).toString("hex")}`,
      checkoutRequestId,
      shortcode: code,
      amount,
      phone,
      accountReference: ref,
      transactionDesc: desc,
      callbackUrl,
      outcome,
      receipt: outcome.resultCode === 0 ? receiptNumber() : null,
      createdAt: now,
      completedAt: null,
      callback: null,
    };
    transactions.set(checkoutRequestId, tx);
    later(delay, async () => {
      tx.completedAt = new Date();
      if (tx.outcome.sendCallback) await deliverStkCallback(tx);
    });
    return {
      MerchantRequestID: tx.merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ResponseCode: "0",
      ResponseDescription: "Success. Request accepted for processing",
      CustomerMessage: "Success. Request accepted for processing",
    };
  });

  app.post("/mpesa/stkpushquery/v1/query", async (req) => {
    authorize(req);
    const body = jsonBody(req);
    checkPassword(body);
    const tx = transactions.get(str(body.CheckoutRequestID) ?? "");
    if (!tx) throw new DarajaFault(500, "500.001.1001", "The transaction does not Exist");
    if (!tx.completedAt) throw new DarajaFault(500, "500.001.1001", "The transaction is being processed");
    return {
      ResponseCode: "0",
      ResponseDescription: "The service request has been accepted successsfully",
      MerchantRequestID: tx.merchantRequestId,
      CheckoutRequestID: tx.checkoutRequestId,
      ResultCode: String(tx.outcome.resultCode),
      ResultDesc: tx.outcome.resultDesc,
    };
  });

  for (const version of ["v1", "v2"]) {
    app.post(`/mpesa/c2b/${version}/registerurl`, async (req) => {
      authorize(req);
      const body = jsonBody(req);
      const code = str(body.ShortCode);
      if (!code || !/^\d{5,7}$/.test(code)) throw invalid("ShortCode");
      if (body.ResponseType !== "Completed" && body.ResponseType !== "Cancelled") throw invalid("ResponseType");
      const confirmationUrl = checkUrl("ConfirmationURL", body.ConfirmationURL);
      const validationUrl = checkUrl("ValidationURL", body.ValidationURL);
      c2bUrls.set(code, { confirmationUrl, validationUrl, responseType: body.ResponseType });
      return { OriginatorCoversationID: requestId(), ResponseCode: "0", ResponseDescription: "Success" };
    });
  }

  app.post("/mpesa/c2b/v1/simulate", async (req) => {
    authorize(req);
    const body = jsonBody(req);
    const code = str(body.ShortCode);
    const urls = code ? c2bUrls.get(code) : undefined;
    if (!code || !urls) throw invalid("ShortCode");
    if (body.CommandID !== "CustomerPayBillOnline" && body.CommandID !== "CustomerBuyGoodsOnline") {
      throw invalid("CommandID");
    }
    const amountText = str(body.Amount);
    if (!amountText || !/^\d+$/.test(amountText) || Number(amountText) < 1) throw invalid("Amount");
    const msisdn = str(body.Msisdn);
    if (!msisdn || !/^254[17]\d{8}$/.test(msisdn)) throw invalid("Msisdn");
    const billRef = str(body.BillRefNumber) ?? "";
    const payment: C2bPayment = {
      transId: receiptNumber(),
      shortcode: code,
      amount: amountText,
      msisdn,
      billRefNumber: billRef,
      validation: null,
      confirmation: null,
      outcome: "pending",
    };
    c2bPayments.push(payment);
    later(delay, () => runC2b(payment, urls, body.CommandID === "CustomerBuyGoodsOnline" ? "Buy Goods" : "Pay Bill"));
    return {
      OriginatorCoversationID: requestId(),
      ConversationID: `AG_${nairobiStamp(new Date())}_${randomBytes(6).toString("hex")}`,
      ResponseCode: "0",
      ResponseDescription: "Accept the service request successfully.",
    };
  });

  async function runC2b(
    p: C2bPayment,
    urls: { confirmationUrl: string; validationUrl: string; responseType: string },
    transactionType: string,
  ) {
    const body = {
      TransactionType: transactionType,
      TransID: p.transId,
      TransTime: nairobiStamp(new Date()),
      TransAmount: `${p.amount}.00`,
      BusinessShortCode: p.shortcode,
      BillRefNumber: p.billRefNumber,
      InvoiceNumber: "",
      OrgAccountBalance: "",
      ThirdPartyTransID: "",
      MSISDN: `${p.msisdn.slice(0, 4)} ***** ${p.msisdn.slice(-3)}`,
      FirstName: "John",
      MiddleName: "",
      LastName: "",
    };
    p.validation = await post(urls.validationUrl, body);
    const answer = p.validation.body as { ResultCode?: unknown } | undefined;
    const accepted =
      p.validation.status !== null && p.validation.status < 300
        ? String(answer?.ResultCode) === "0"
        : urls.responseType === "Completed"; // unreachable validation: the registered default
    if (!accepted) {
      p.outcome = "rejected";
      return;
    }
    p.confirmation = await post(urls.confirmationUrl, { ...body, OrgAccountBalance: "49197.00" });
    p.outcome = "completed";
  }

  async function deliverStkCallback(tx: StkTransaction) {
    const ok = tx.outcome.resultCode === 0;
    const stkCallback: Record<string, unknown> = {
      MerchantRequestID: tx.merchantRequestId,
      CheckoutRequestID: tx.checkoutRequestId,
      ResultCode: tx.outcome.resultCode,
      ResultDesc: tx.outcome.resultDesc,
    };
    if (ok) {
      stkCallback.CallbackMetadata = {
        Item: [
          { Name: "Amount", Value: tx.amount },
          { Name: "MpesaReceiptNumber", Value: tx.receipt },
          { Name: "Balance" },
          { Name: "TransactionDate", Value: Number(nairobiStamp(tx.completedAt ?? new Date())) },
          { Name: "PhoneNumber", Value: Number(tx.phone) },
        ],
      };
    }
    const body = { Body: { stkCallback } };
    const result = await post(tx.callbackUrl, body, { BusinessShortCode: tx.shortcode });
    // Delivered once: Daraja does not retry a callback the merchant failed to take.
    tx.callback = { body, status: result.status, error: result.error };
  }

  async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json;charset=UTF-8", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(8000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, body: parsed, error: null };
    } catch (err) {
      return { status: null, body: undefined, error: (err as Error).message };
    }
  }

  function later(ms: number, fn: () => Promise<void>) {
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => {
      done = r;
    });
    pending.add(finished);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) {
        pending.delete(finished);
        return done();
      }
      fn()
        .catch((err) => app.log.error({ err }, "simulated Daraja task failed"))
        .finally(() => {
          pending.delete(finished);
          done();
        });
    }, ms);
    timers.add(timer);
  }

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const url = address.replace("[::1]", "localhost");
  return {
    url,
    transactions,
    c2bPayments,
    c2bUrls,
    tokensIssued: () => issued,
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      pending.clear();
      await app.close();
    },
  };
}
