import { PaymentsErrorCode as E } from "@sokoni/contracts";
import { UnauthorizedError, UpstreamError, ValidationError } from "../../../../platform/errors.ts";
import type {
  IgnoredWebhookEvent,
  PaymentProvider,
  RefundWebhookEvent,
  WebhookEvent,
  WebhookRequest,
} from "../../payments.providers.ts";
import { createStripeClient, StripeApiError, type StripeClient, type StripeRefund } from "./stripe.client.ts";
import { verifyStripeSignature } from "./stripe.signature.ts";

export type StripeConfig = {
  /** https://api.stripe.com live/test mode; the sandbox simulator offline; undefined → Stripe is off. */
  apiBase: string | undefined;
  secretKey: string;
  /** The endpoint's signing secret (whsec_…). */
  webhookSecret: string;
  apiVersion?: string;
  /** Seconds a webhook signature stays acceptable (Stripe's default 300). */
  toleranceSeconds?: number;
};

export const STRIPE_SIGNATURE_HEADER = "stripe-signature";

type StripeEvent = { id?: unknown; type?: unknown; data?: { object?: Record<string, unknown> } };

/**
 * Stripe Checkout: initiate opens a Checkout Session (client_reference_id and metadata carry our
 * payment id) and sends the shopper to its url; webhooks are verified by Stripe-Signature and
 * deduplicated by event id; refunds go through POST /v1/refunds on the payment intent.
 */
export function createStripeProvider(config: StripeConfig, publicUrl: string): PaymentProvider {
  const base = publicUrl.replace(/\/+$/, "");
  let client: StripeClient | undefined;
  const api = (): StripeClient => {
    if (!config.apiBase) throw new UpstreamError(E.PAYMENT_GATEWAY_ERROR, "Stripe is not configured");
    client ??= createStripeClient({
      apiBase: config.apiBase,
      secretKey: config.secretKey,
      apiVersion: config.apiVersion,
    });
    return client;
  };

  return {
    code: "stripe",

    async initiate(_ctx, payment) {
      const orderUrl = `${base}/orders/${payment.orderId}`;
      const metadata = { order_id: payment.orderId, payment_id: payment.id };
      const request = {
        mode: "payment" as const,
        // Stripe fills in {CHECKOUT_SESSION_ID} itself.
        success_url: `${orderUrl}?payment_id=${payment.id}&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${orderUrl}?payment_id=${payment.id}&cancelled=1`,
        client_reference_id: payment.id,
        metadata,
        // Stripe copies these onto the PaymentIntent, so payment_intent.* events name our payment too.
        payment_intent_data: { metadata },
        line_items: [
          {
            price_data: {
              currency: payment.currency.toLowerCase(),
              unit_amount: payment.amountMinor,
              product_data: { name: payment.description ?? `Order ${payment.orderId}` },
            },
            quantity: 1,
          },
        ],
      };
      try {
        // One session per payment: a retried start replays Stripe's first answer.
        const session = await api().createCheckoutSession(request, `sokoni-session-${payment.id}`);
        if (!session.url) throw new UpstreamError(E.PAYMENT_GATEWAY_ERROR, "Stripe answered without a checkout url");
        return { redirectUrl: session.url, providerReference: session.id, raw: { request, response: session } };
      } catch (err) {
        throw toUpstream(err, "Stripe refused the checkout session");
      }
    },

    async refund(_ctx, payment, refund) {
      const paymentIntent = payment.receipt;
      if (!paymentIntent?.startsWith("pi_")) {
        throw new UpstreamError(E.PAYMENT_GATEWAY_ERROR, "This Stripe payment has no payment intent to refund");
      }
      const request = {
        payment_intent: paymentIntent,
        amount: refund.amountMinor,
        reason: "requested_by_customer" as const,
        metadata: { payment_id: payment.id, refund_id: refund.id, order_id: payment.orderId },
      };
      let response: StripeRefund;
      try {
        response = await api().createRefund(request, refund.idempotencyKey);
      } catch (err) {
        throw toUpstream(err, "Stripe refused the refund");
      }
      return {
        providerReference: response.id,
        status: refundStatus(response.status),
        raw: { request, response },
      };
    },

    parseWebhook(req: WebhookRequest): WebhookEvent | RefundWebhookEvent | IgnoredWebhookEvent {
      const header = req.headers[STRIPE_SIGNATURE_HEADER];
      const check = verifyStripeSignature(
        req.rawBody,
        Array.isArray(header) ? header[0] : header,
        config.webhookSecret,
        {
          toleranceSeconds: config.toleranceSeconds,
        },
      );
      if (!check.ok) throw new UnauthorizedError(`Stripe-Signature refused: ${check.message}`, E.INVALID_SIGNATURE);
      let event: StripeEvent;
      try {
        event = JSON.parse(req.rawBody.toString("utf8")) as StripeEvent;
      } catch {
        throw new ValidationError("The webhook body is not JSON", [], E.INVALID_WEBHOOK);
      }
      const obj = event.data?.object;
      if (typeof event.id !== "string" || typeof event.type !== "string" || !obj || typeof obj !== "object") {
        throw new ValidationError("The webhook body is not a Stripe event", [], E.INVALID_WEBHOOK);
      }
      return toEvent(event.id, event.type, obj, event);
    },
  };
}

function toEvent(
  id: string,
  type: string,
  obj: Record<string, unknown>,
  payload: unknown,
): WebhookEvent | RefundWebhookEvent | IgnoredWebhookEvent {
  const ignored: IgnoredWebhookEvent = { kind: "ignored", eventKey: id, type, payload };
  switch (type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      // A delayed method completes unpaid; its async_payment_* event settles it later.
      if (obj.payment_status !== "paid") return ignored;
      return {
        eventKey: id,
        paymentId: paymentIdOf(obj),
        providerReference: str(obj.id),
        status: "succeeded",
        amountMinor: typeof obj.amount_total === "number" ? obj.amount_total : null,
        currency: (str(obj.currency) ?? "").toUpperCase(),
        receipt: str(obj.payment_intent),
        payload,
      };
    }
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return {
        eventKey: id,
        paymentId: paymentIdOf(obj),
        providerReference: str(obj.id),
        status: "failed",
        amountMinor: typeof obj.amount_total === "number" ? obj.amount_total : null,
        currency: (str(obj.currency) ?? "").toUpperCase(),
        failureReason:
          type === "checkout.session.expired"
            ? "The Stripe checkout page expired before the payment was made"
            : "The bank did not confirm the payment",
        payload,
      };
    case "payment_intent.payment_failed": {
      const paymentId = paymentIdOf(obj);
      if (!paymentId) return ignored; // a payment intent that is not ours
      const error = obj.last_payment_error as { message?: unknown; decline_code?: unknown } | undefined;
      return {
        eventKey: id,
        paymentId,
        status: "failed",
        amountMinor: typeof obj.amount === "number" ? obj.amount : null,
        currency: (str(obj.currency) ?? "").toUpperCase(),
        failureReason: `The card was declined${typeof error?.message === "string" ? `: ${error.message}` : ""}`,
        payload,
      };
    }
    case "charge.refunded": {
      const refunds = ((obj.refunds as { data?: unknown[] } | undefined)?.data ?? []) as Record<string, unknown>[];
      return {
        kind: "refund",
        eventKey: id,
        paymentId: paymentIdOf(obj),
        receipt: str(obj.payment_intent),
        refunds: refunds
          .filter((r) => typeof r.id === "string" && typeof r.amount === "number")
          .map((r) => ({
            providerReference: r.id as string,
            amountMinor: r.amount as number,
            currency: (str(r.currency) ?? str(obj.currency) ?? "").toUpperCase(),
            status: refundStatus(r.status),
          })),
        payload,
      };
    }
    default:
      return ignored;
  }
}

function paymentIdOf(obj: Record<string, unknown>): string | undefined {
  const metadata = obj.metadata as Record<string, unknown> | null | undefined;
  const id = str(obj.client_reference_id) ?? str(metadata?.payment_id);
  // Our payment ids are UUIDs; anything else came from another integration on the same account.
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function refundStatus(status: unknown): "pending" | "succeeded" | "failed" {
  if (status === "succeeded") return "succeeded";
  if (status === "failed" || status === "canceled") return "failed";
  return "pending";
}

function toUpstream(err: unknown, what: string): Error {
  if (err instanceof UpstreamError) return err;
  if (err instanceof StripeApiError) {
    return new UpstreamError(
      E.PAYMENT_GATEWAY_ERROR,
      `${what}: ${err.message}${err.status ? ` (HTTP ${err.status})` : ""}`,
    );
  }
  return err as Error;
}
