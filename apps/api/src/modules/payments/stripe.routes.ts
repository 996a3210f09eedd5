import { type RefundResponse, StripeWebhookAck } from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, UnauthorizedError } from "../../platform/errors.ts";
import { formatMinor } from "../../platform/money.ts";
import type { PaymentsModule, Refund } from "./payments.service.ts";

export const STRIPE_WEBHOOK_PATH = "/api/stripe/webhook";

const StripeError = z.object({ error: z.object({ type: z.string(), code: z.string(), message: z.string() }) });

export function toRefundResponse(r: Refund): RefundResponse {
  return {
    id: r.id,
    payment_id: r.paymentId,
    order_id: r.orderId,
    provider: r.provider,
    method: r.method,
    status: r.status,
    amount: formatMinor(r.amountMinor, r.currency),
    currency: r.currency,
    provider_reference: r.providerReference,
    reason: r.reason,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/**
 * Stripe's webhook endpoint. Registered with the raw body kept: the signature covers the exact bytes.
 * Stripe retries anything but a 2xx for days, so only a forged or malformed delivery gets a 4xx.
 */
export const stripeRoutes: FastifyPluginAsyncZod<{ payments: PaymentsModule }> = async (app, { payments }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

  app.post(
    "/stripe/webhook",
    {
      schema: {
        tags: ["payments"],
        summary: "Stripe webhook endpoint (configure it in the Stripe dashboard)",
        description:
          "Verifies Stripe-Signature (t=…,v1=… HMAC-SHA256 of `t.rawBody` with STRIPE_WEBHOOK_SECRET, 5-minute tolerance, several v1 allowed) and acts once per event id: checkout.session.completed (paid) and checkout.session.async_payment_succeeded pay the order; checkout.session.expired, checkout.session.async_payment_failed and payment_intent.payment_failed fail the attempt; charge.refunded records refunds. Other types are acknowledged and ignored. A bad signature or stale timestamp → 400, nothing changes.",
        response: { 200: StripeWebhookAck, 400: StripeError },
      },
    },
    async (req, reply) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      try {
        const result = await payments.receiveWebhook(req.ctx, "stripe", { headers: req.headers, rawBody });
        return {
          received: true as const,
          duplicate: result.duplicate,
          handled: result.handled,
          payment_status: result.handled === "ignored" ? null : result.payment.status,
        };
      } catch (err) {
        // As Stripe's own libraries answer: 400 for a delivery that cannot be trusted or read.
        if (err instanceof UnauthorizedError || (err instanceof AppError && err.status === 400)) {
          req.log.warn({ err: (err as Error).message }, "stripe webhook refused");
          return reply.code(400).send({ error: { type: "invalid_request", code: err.code, message: err.message } });
        }
        // An event about an object that is not ours (another integration on the account): acknowledged.
        if (err instanceof AppError && err.code === "PAYMENT_NOT_FOUND") {
          req.log.warn({ err: err.message }, "stripe webhook for an unknown payment acknowledged");
          return { received: true as const, duplicate: false, handled: "ignored" as const, payment_status: null };
        }
        throw err;
      }
    },
  );
};
