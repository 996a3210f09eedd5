import type { Ctx } from "../../platform/ctx.ts";
import type { PaymentProviderCode, PaymentRow } from "./payments.repo.ts";

export type Payment = PaymentRow;

/** A callback from a gateway, verified and parsed into what settlement needs. */
export type WebhookEvent = {
  /** Unique per distinct callback of this provider: a repeat with the same key is a duplicate. */
  eventKey: string;
  /** Our payment id when the gateway echoes it (mock, Stripe metadata) ... */
  paymentId?: string;
  /** ... or the gateway's own reference (M-Pesa CheckoutRequestID). */
  providerReference?: string;
  status: "succeeded" | "failed";
  /** What the gateway says was paid, in minor units of `currency`; null when unreadable. */
  amountMinor: number | null;
  currency: string;
  receipt?: string;
  failureReason?: string;
  /** The parsed body, stored raw with the payment. */
  payload: unknown;
};

/** A gateway's report of refunds of a payment (Stripe charge.refunded). */
export type RefundWebhookEvent = {
  kind: "refund";
  eventKey: string;
  paymentId?: string;
  /** The gateway's id of the money taken (Stripe payment intent), kept as the payment's receipt. */
  receipt?: string;
  refunds: {
    providerReference: string;
    amountMinor: number;
    currency: string;
    status: "pending" | "succeeded" | "failed";
  }[];
  payload: unknown;
};

/** A verified callback Sokoni does not act on (other event types): acknowledged, recorded once. */
export type IgnoredWebhookEvent = { kind: "ignored"; eventKey: string; type: string; payload: unknown };

export type RefundRequest = { id: string; amountMinor: number; reason: string; idempotencyKey: string };
export type RefundResult = {
  providerReference: string;
  status: "pending" | "succeeded" | "failed";
  raw?: { request?: unknown; response?: unknown };
};

export type WebhookRequest = { headers: Record<string, string | string[] | undefined>; rawBody: Buffer };

export type AuthorizeResult = { status: "succeeded"; receipt?: string } | { status: "pending" };
export type InitiateResult = {
  redirectUrl?: string;
  providerReference?: string;
  raw?: { request?: unknown; response?: unknown };
};

/**
 * A payment gateway as a strategy. Inline providers (wallet) settle in `authorize`, inside the
 * checkout transaction; asynchronous ones (mock, M-Pesa STK Push, Stripe) `initiate` over HTTP
 * after the order committed and settle later through `parseWebhook` → handleWebhook.
 */
export type PaymentProvider = {
  code: PaymentProviderCode;
  /**
   * What the gateway will actually charge for an amount (M-Pesa: whole shillings, rounded up);
   * the payment records that, so its settlement and any refund use the money really taken.
   */
  chargeableMinor?(amountMinor: number, currency: string): number;
  /** Runs inside the checkout transaction. Inline providers (wallet) settle here. */
  authorize?(ctx: Ctx, payment: Payment): Promise<AuthorizeResult>;
  /** Runs after the order transaction committed: talks to the gateway over HTTP. */
  initiate?(ctx: Ctx, payment: Payment): Promise<InitiateResult>;
  /** Verifies authenticity and parses a callback; throws UnauthorizedError for a bad signature. */
  parseWebhook?(req: WebhookRequest): WebhookEvent | RefundWebhookEvent | IgnoredWebhookEvent;
  /**
   * Gives money back through the gateway (Stripe: POST /v1/refunds). Providers without it refund
   * to the shopper's wallet. The idempotency key is the same for a retry of the same refund.
   */
  refund?(ctx: Ctx, payment: Payment, refund: RefundRequest): Promise<RefundResult>;
  /**
   * Why a success event does not pay this payment (amount, currency, payer), or undefined when it
   * does. Default: currency and amount in minor units must equal the payment's.
   */
  checkEvent?(payment: Payment, event: WebhookEvent): string | undefined;
  /**
   * Asks the gateway for a pending payment's outcome (reconciliation of lost callbacks): the
   * final outcome as an event settled like a callback, or undefined while it is still open.
   */
  queryStatus?(ctx: Ctx, payment: Payment): Promise<WebhookEvent | undefined>;
  /** Pending payments older than this many seconds are queried by reconcilePending. */
  reconcileAfterSeconds?: number;
};
