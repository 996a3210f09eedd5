/**
 * payments: payment attempts of orders (the seeds' Transaction) through provider strategies
 * (mock gateway, wallet; M-Pesa and Stripe next), webhooks verified → recorded → settled.
 * The only import path for other modules.
 */

export { mpesaRoutes } from "./mpesa.routes.ts";
export type {
  AuthorizeResult,
  InitiateResult,
  WebhookEvent,
  WebhookRequest,
} from "./payments.providers.ts";
export { paymentsRoutes, toPaymentResponse } from "./payments.routes.ts";
export {
  type CreatePaymentInput,
  createPaymentsModule,
  MOCK_WEBHOOK_PATH,
  type OnPaymentSettled,
  type Payment,
  type PaymentProvider,
  type PaymentProviderCode,
  type PaymentSettled,
  type PaymentStatus,
  type PaymentsConfig,
  type PaymentsModule,
  type ReceivedWebhook,
  type Refund,
  type RefundPaymentInput,
  type WebhookResult,
} from "./payments.service.ts";
export { type PaymentsSummaryRow, summarizePayments } from "./payments.summary.ts";
export { signMockPayload } from "./providers/mock/mock.provider.ts";
export {
  createDarajaClient,
  type DarajaClient,
  type DarajaClientOptions,
  DarajaError,
} from "./providers/mpesa/daraja.client.ts";
export {
  accountReference,
  darajaTimestamp,
  describeResultCode,
  normalizeMsisdn,
  stkPassword,
  wholeShillings,
} from "./providers/mpesa/daraja.rules.ts";
export {
  createMpesaProvider,
  type MpesaConfig,
  type MpesaProvider,
  mpesaHookBase,
} from "./providers/mpesa/mpesa.provider.ts";
export type { StripeConfig } from "./providers/stripe/stripe.provider.ts";
export {
  computeStripeSignature,
  stripeSignatureHeader,
  verifyStripeSignature,
} from "./providers/stripe/stripe.signature.ts";
export { STRIPE_WEBHOOK_PATH, stripeRoutes, toRefundResponse } from "./stripe.routes.ts";
