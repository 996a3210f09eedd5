import { PaymentsErrorCode as E, MpesaErrorCode as ME } from "@sokoni/contracts";
import type { Ctx } from "../../../../platform/ctx.ts";
import { BusinessRuleError, UpstreamError, ValidationError } from "../../../../platform/errors.ts";
import { formatMinor, MoneyFormatError, toMinor } from "../../../../platform/money.ts";
import type { Payment, PaymentProvider, WebhookEvent, WebhookRequest } from "../../payments.providers.ts";
import { createDarajaClient, type DarajaClient, type StkQueryResult, toShopperError } from "./daraja.client.ts";
import {
  accountReference,
  darajaTimestamp,
  describeResultCode,
  normalizeMsisdn,
  shillingsToMinor,
  stkPassword,
  transactionDesc,
  wholeShillings,
} from "./daraja.rules.ts";

/** config.payments.mpesa (config.ts). */
export type MpesaConfig = {
  env: "sandbox" | "production";
  /** Daraja's base URL; undefined: not configured (npm start fills in its in-process simulator). */
  baseUrl: string | undefined;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  transactionType: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
  /** Public base URL Daraja calls back (default PUBLIC_URL). */
  callbackBaseUrl: string;
  /** Unguessable path segment of every callback URL. */
  callbackSecret: string;
  /** Neutral path prefix registered with Daraja (it refuses URLs containing "mpesa"). */
  hookPrefix: string;
  /** Source IPs callbacks are accepted from; empty: any. */
  allowedIps: string[];
  reconcileAfterSeconds: number;
};

type Deps = {
  /** The order's number ("SK-100042"): the AccountReference shown in the prompt. */
  orderNumberOf(ctx: Ctx, orderId: string): Promise<string>;
};

/** What the mpesa parser adds to a WebhookEvent: the payer's number, when the callback says it. */
type MpesaEvent = WebhookEvent & { payerMsisdn?: string };

/** The STK callback's essentials, read by Name (never by position; protocols.md §1.3). */
export type StkCallback = {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  resultDesc: string;
  amount?: number;
  receipt?: string;
  phone?: string;
  transactionDate?: string;
};

/** The C2B validation/confirmation body (all strings; protocols.md §1.7). */
export type C2bBody = {
  TransactionType?: string;
  TransID: string;
  TransTime?: string;
  TransAmount: string;
  BusinessShortCode: string;
  BillRefNumber: string;
  MSISDN?: string;
  FirstName?: string;
};

/** The URL Daraja calls for STK results; C2B validation/confirmation hang below it. */
export function mpesaHookBase(config: MpesaConfig): string {
  return `${config.callbackBaseUrl.replace(/\/+$/, "")}${config.hookPrefix}/${config.callbackSecret}`;
}

/**
 * M-Pesa Express (STK Push) through Daraja. `authorize` checks number and currency inside the
 * checkout transaction (a bad number changes nothing); `initiate` pushes after commit and keeps
 * CheckoutRequestID as provider_reference; `parseWebhook` reads STK callbacks and C2B
 * confirmations; `queryStatus` asks STK Push Query (reconciliation, and confirmation of every
 * callback, since Daraja's callbacks are unsigned).
 */
export function createMpesaProvider(config: MpesaConfig, deps: Deps) {
  let daraja: DarajaClient | undefined;
  function client(): DarajaClient {
    if (!config.baseUrl) throw new UpstreamError(ME.MPESA_UNAVAILABLE, "M-Pesa is not configured (MPESA_BASE_URL)");
    daraja ??= createDarajaClient({
      baseUrl: config.baseUrl,
      consumerKey: config.consumerKey,
      consumerSecret: config.consumerSecret,
    });
    return daraja;
  }
  const password = (timestamp: string) => stkPassword(config.shortcode, config.passkey, timestamp);

  async function query(checkoutRequestId: string): Promise<StkQueryResult> {
    const timestamp = darajaTimestamp();
    return client().stkQuery({
      BusinessShortCode: config.shortcode,
      Password: password(timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: checkoutRequestId,
    });
  }

  const provider = {
    code: "mpesa",
    reconcileAfterSeconds: config.reconcileAfterSeconds,

    async authorize(_ctx, payment) {
      if (!config.baseUrl) {
        throw new BusinessRuleError(E.PAYMENT_PROVIDER_UNAVAILABLE, "Payments by M-Pesa are not available");
      }
      if (payment.currency !== "KES") {
        throw new BusinessRuleError(ME.MPESA_CURRENCY_UNSUPPORTED, `M-Pesa takes only KES, not ${payment.currency}`);
      }
      // A payment the customer made themselves (C2B) arrives with its reference and no number to prompt.
      if (!payment.providerReference) msisdnOf(payment);
      return { status: "pending" };
    },

    async initiate(ctx, payment) {
      const msisdn = msisdnOf(payment);
      const timestamp = darajaTimestamp();
      const orderNumber = await deps.orderNumberOf(ctx, payment.orderId);
      const request = {
        BusinessShortCode: config.shortcode,
        Password: password(timestamp),
        Timestamp: timestamp,
        TransactionType: config.transactionType,
        Amount: wholeShillings(payment.amountMinor, payment.currency),
        PartyA: msisdn,
        PartyB: config.shortcode,
        PhoneNumber: msisdn,
        CallBackURL: mpesaHookBase(config),
        AccountReference: accountReference(orderNumber),
        TransactionDesc: transactionDesc(`Order ${orderNumber.replace(/\D/g, "")}`),
      };
      let response: Awaited<ReturnType<DarajaClient["stkPush"]>>;
      try {
        response = await client().stkPush(request);
      } catch (err) {
        ctx.log.warn({ err, paymentId: payment.id }, "STK push failed");
        throw toShopperError(err);
      }
      // The Password carries the passkey in base64 and the URL the callback secret: never stored.
      const stored = { ...request, Password: "[redacted]", CallBackURL: `${config.hookPrefix}/[secret]` };
      return { providerReference: response.CheckoutRequestID, raw: { request: stored, response } };
    },

    parseWebhook(req: WebhookRequest): WebhookEvent {
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody.toString("utf8"));
      } catch {
        throw new ValidationError("The callback body is not JSON", [], E.INVALID_WEBHOOK);
      }
      const stk = parseStkCallback(json);
      if (stk) {
        const event: MpesaEvent = {
          eventKey: `stk:${stk.checkoutRequestId}`,
          providerReference: stk.checkoutRequestId,
          status: stk.resultCode === 0 ? "succeeded" : "failed",
          amountMinor: stk.amount === undefined ? null : shillingsToMinor(stk.amount),
          currency: "KES",
          receipt: stk.receipt,
          failureReason: stk.resultCode === 0 ? undefined : describeResultCode(stk.resultCode),
          payload: json,
          payerMsisdn: stk.phone,
        };
        return event;
      }
      const c2b = parseC2bBody(json);
      if (c2b) {
        return {
          eventKey: `c2b:${c2b.TransID}`,
          providerReference: c2b.TransID,
          status: "succeeded",
          amountMinor: kesMinor(c2b.TransAmount),
          currency: "KES",
          receipt: c2b.TransID,
          payload: json,
        };
      }
      throw new ValidationError("Neither an STK callback nor a C2B confirmation", [], E.INVALID_WEBHOOK);
    },

    chargeableMinor(amountMinor: number, currency: string): number {
      // Other currencies are refused by authorize with a clear error; leave them as they are.
      return currency === "KES" ? shillingsToMinor(wholeShillings(amountMinor, currency)) : amountMinor;
    },

    checkEvent(payment: Payment, event: WebhookEvent): string | undefined {
      if (event.currency !== payment.currency) {
        return `Currency mismatch: expected ${payment.currency}, M-Pesa reported ${event.currency}`;
      }
      // M-Pesa was asked for whole shillings, rounded up: that is what must have been paid.
      const askedMinor = shillingsToMinor(wholeShillings(payment.amountMinor, payment.currency));
      if (event.amountMinor !== askedMinor) {
        const got = event.amountMinor === null ? "no readable amount" : `KES ${formatMinor(event.amountMinor, "KES")}`;
        return `Amount mismatch: M-Pesa was asked for KES ${formatMinor(askedMinor, "KES")}, it reported ${got}`;
      }
      const payer = (event as MpesaEvent).payerMsisdn;
      const asked = payment.phoneNumber ? normalizeMsisdn(payment.phoneNumber) : undefined;
      if (payer && asked && payer !== asked) {
        return `Payer mismatch: the prompt went to ${asked}, M-Pesa reported ${payer}`;
      }
      return undefined;
    },

    async queryStatus(_ctx, payment) {
      if (!payment.providerReference) return undefined;
      const result = await query(payment.providerReference);
      if (result.state !== "final") return undefined;
      return queryEvent(payment, result);
    },
  } satisfies PaymentProvider;

  return {
    ...provider,
    config,
    /** STK Push Query by CheckoutRequestID. Throws DarajaError when Daraja cannot answer. */
    query,
    /** Registers the C2B validation and confirmation URLs of the shortcode with Daraja. */
    async registerC2bUrls(responseType: "Completed" | "Cancelled" = "Completed") {
      const base = mpesaHookBase(config);
      return client().registerC2bUrls({
        ShortCode: config.shortcode,
        ResponseType: responseType,
        ConfirmationURL: `${base}/c2b/confirmation`,
        ValidationURL: `${base}/c2b/validation`,
      });
    },
  };
}

export type MpesaProvider = ReturnType<typeof createMpesaProvider>;

/** A final STK Query answer as a settlement event. The query has no amount: it is the one requested. */
function queryEvent(payment: Payment, result: Extract<StkQueryResult, { state: "final" }>): WebhookEvent {
  const ok = result.resultCode === 0;
  return {
    eventKey: `stk-query:${payment.providerReference}`,
    providerReference: payment.providerReference ?? undefined,
    status: ok ? "succeeded" : "failed",
    amountMinor: ok ? shillingsToMinor(wholeShillings(payment.amountMinor, payment.currency)) : null,
    currency: "KES",
    failureReason: ok ? undefined : describeResultCode(result.resultCode),
    payload: { source: "stk-query", response: result.raw },
  };
}

function msisdnOf(payment: Payment): string {
  const msisdn = payment.phoneNumber ? normalizeMsisdn(payment.phoneNumber) : undefined;
  if (!msisdn) {
    throw new ValidationError(
      "M-Pesa needs a Safaricom number to prompt",
      [{ path: "phone_number", message: "a Kenyan mobile number such as 0712345678 or 254712345678" }],
      ME.INVALID_PHONE_NUMBER,
    );
  }
  return msisdn;
}

function kesMinor(amount: string): number | null {
  try {
    return toMinor(amount, "KES");
  } catch (err) {
    if (err instanceof MoneyFormatError) return null;
    throw err;
  }
}

/** Reads Daraja's STK callback ({Body: {stkCallback}}); undefined when the body is not one. */
export function parseStkCallback(json: unknown): StkCallback | undefined {
  const cb = (json as { Body?: { stkCallback?: Record<string, unknown> } } | null)?.Body?.stkCallback;
  if (!cb || typeof cb !== "object") return undefined;
  const code = Number(cb.ResultCode);
  if (typeof cb.CheckoutRequestID !== "string" || !Number.isInteger(code)) return undefined;
  const items = (cb.CallbackMetadata as { Item?: unknown } | undefined)?.Item;
  const meta = new Map<string, unknown>();
  if (Array.isArray(items)) {
    for (const item of items as { Name?: unknown; Value?: unknown }[]) {
      if (typeof item?.Name === "string") meta.set(item.Name, item.Value);
    }
  }
  const amount = meta.has("Amount") ? Number(meta.get("Amount")) : undefined;
  const phone = meta.get("PhoneNumber");
  const receipt = meta.get("MpesaReceiptNumber");
  return {
    merchantRequestId: String(cb.MerchantRequestID ?? ""),
    checkoutRequestId: cb.CheckoutRequestID,
    resultCode: code,
    resultDesc: String(cb.ResultDesc ?? ""),
    amount: amount !== undefined && Number.isFinite(amount) ? amount : undefined,
    receipt: typeof receipt === "string" ? receipt : undefined,
    phone: phone === undefined || phone === null ? undefined : String(phone),
    transactionDate: meta.has("TransactionDate") ? String(meta.get("TransactionDate")) : undefined,
  };
}

/** Reads a C2B validation/confirmation body; undefined when it is not one. */
export function parseC2bBody(json: unknown): C2bBody | undefined {
  const b = json as Partial<Record<keyof C2bBody, unknown>> | null;
  if (!b || typeof b !== "object") return undefined;
  if (typeof b.TransID !== "string" || typeof b.BillRefNumber !== "string") return undefined;
  return {
    TransactionType: typeof b.TransactionType === "string" ? b.TransactionType : undefined,
    TransID: b.TransID,
    TransTime: typeof b.TransTime === "string" ? b.TransTime : undefined,
    TransAmount: String(b.TransAmount ?? ""),
    BusinessShortCode: String(b.BusinessShortCode ?? ""),
    BillRefNumber: b.BillRefNumber,
    MSISDN: typeof b.MSISDN === "string" ? b.MSISDN : undefined,
    FirstName: typeof b.FirstName === "string" ? b.FirstName : undefined,
  };
}
