import { z } from "zod";
import { CurrencyCode, MoneyString, PageQuery, pageOf, Timestamp } from "./common.ts";

/** Error codes of payments; the UI switches on these, never on message text. */
export const PaymentsErrorCode = {
  PAYMENT_NOT_FOUND: "PAYMENT_NOT_FOUND",
  PAYMENT_PROVIDER_UNAVAILABLE: "PAYMENT_PROVIDER_UNAVAILABLE",
  PAYMENT_GATEWAY_ERROR: "PAYMENT_GATEWAY_ERROR",
  INVALID_SIGNATURE: "INVALID_SIGNATURE",
  INVALID_WEBHOOK: "INVALID_WEBHOOK",
  WALLET_PAYMENT_NEEDS_ACCOUNT: "WALLET_PAYMENT_NEEDS_ACCOUNT",
  INVALID_AMOUNT: "INVALID_AMOUNT",
  PAYMENT_NOT_REFUNDABLE: "PAYMENT_NOT_REFUNDABLE",
  PAYMENT_ALREADY_REFUNDED: "PAYMENT_ALREADY_REFUNDED",
  REFUND_EXCEEDS_PAYMENT: "REFUND_EXCEEDS_PAYMENT",
  REFUND_NEEDS_ACCOUNT: "REFUND_NEEDS_ACCOUNT",
} as const;
export type PaymentsErrorCode = (typeof PaymentsErrorCode)[keyof typeof PaymentsErrorCode];

export const PaymentProviderCode = z.enum(["mock", "wallet", "mpesa", "stripe"]);
export type PaymentProviderCode = z.infer<typeof PaymentProviderCode>;

export const PaymentStatus = z.enum(["pending", "succeeded", "failed", "flagged", "cancelled"]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** A payment (the seeds' Transaction): one attempt to pay one order with one provider. */
export const PaymentResponse = z.object({
  id: z.uuid(),
  order_id: z.uuid(),
  provider: PaymentProviderCode,
  status: PaymentStatus,
  amount: MoneyString,
  currency: CurrencyCode,
  phone_number: z.string().nullable(),
  provider_reference: z.string().nullable().describe("The gateway's id for this payment"),
  receipt: z.string().nullable().describe("Receipt number once paid (M-Pesa receipt, wallet entry id, ...)"),
  redirect_url: z.string().nullable().describe("Where to send the shopper to pay (hosted page providers)"),
  failure_reason: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type PaymentResponse = z.infer<typeof PaymentResponse>;

export const TransactionListQuery = PageQuery.extend({
  status: PaymentStatus.optional(),
  provider: PaymentProviderCode.optional(),
});
export type TransactionListQuery = z.infer<typeof TransactionListQuery>;
export const TransactionListResponse = pageOf(PaymentResponse);
export type TransactionListResponse = z.infer<typeof TransactionListResponse>;

/** What the mock gateway POSTs to /api/payments/mock/webhook, signed by X-Signature. */
export const MockWebhookBody = z.object({
  payment_id: z.uuid(),
  status: z.enum(["succeeded", "failed"]),
  amount: z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal amount in major units"),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export type MockWebhookBody = z.infer<typeof MockWebhookBody>;

export const WebhookAck = z.object({
  received: z.literal(true),
  duplicate: z.boolean().describe("true when this exact callback was already received"),
  payment_status: PaymentStatus,
});
export type WebhookAck = z.infer<typeof WebhookAck>;

export const RefundStatus = z.enum(["pending", "succeeded", "failed"]);
export type RefundStatus = z.infer<typeof RefundStatus>;

/** Money given back for a payment: through the provider that took it, or to the wallet. */
export const RefundResponse = z.object({
  id: z.uuid(),
  payment_id: z.uuid(),
  order_id: z.uuid(),
  provider: PaymentProviderCode,
  method: z
    .enum(["provider", "wallet"])
    .describe("provider: back to the card (Stripe); wallet: credited to the wallet"),
  status: RefundStatus,
  amount: MoneyString,
  currency: CurrencyCode,
  provider_reference: z.string().nullable().describe("Stripe refund id (re_…) or wallet entry id"),
  reason: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type RefundResponse = z.infer<typeof RefundResponse>;
