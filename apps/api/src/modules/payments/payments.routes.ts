import {
  type PaymentResponse,
  Problem,
  TransactionListQuery,
  TransactionListResponse,
  WebhookAck,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireUser } from "../../platform/http/auth.ts";
import { formatMinor } from "../../platform/money.ts";
import type { Payment, PaymentsModule } from "./payments.service.ts";

const tags = ["payments"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

export function toPaymentResponse(p: Payment): PaymentResponse {
  return {
    id: p.id,
    order_id: p.orderId,
    provider: p.provider,
    status: p.status,
    amount: formatMinor(p.amountMinor, p.currency),
    currency: p.currency,
    phone_number: p.phoneNumber,
    provider_reference: p.providerReference,
    receipt: p.receipt,
    redirect_url: p.redirectUrl,
    failure_reason: p.failureReason,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export const paymentsRoutes: FastifyPluginAsyncZod<{ payments: PaymentsModule }> = async (app, { payments }) => {
  app.get(
    "/transactions",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "Payments: your own, or everyone's for an admin (newest first)",
        querystring: TransactionListQuery,
        response: { 200: TransactionListResponse, ...problems(400, 401) },
      },
    },
    async (req) => {
      const { page, page_size, status, provider } = req.query;
      const { items, total } = await payments.listTransactions(req.ctx, {
        page,
        pageSize: page_size,
        status,
        provider,
      });
      return { items: items.map(toPaymentResponse), page, page_size, total };
    },
  );

  // Webhooks are verified against the exact bytes received, so this scope keeps the raw body.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

    hooks.post(
      "/payments/mock/webhook",
      {
        schema: {
          tags,
          summary: "Callback of the mock gateway",
          description:
            'JSON {payment_id, status: "succeeded"|"failed", amount, currency}, signed by header X-Signature = hex HMAC-SHA256 of the raw body with MOCK_GATEWAY_SECRET. A bad or missing signature is refused with 401 and changes nothing; duplicates are acknowledged and change nothing.',
          response: { 200: WebhookAck, ...problems(400, 401, 404) },
        },
      },
      async (req) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const { payment, duplicate } = await payments.handleWebhook(req.ctx, "mock", { headers: req.headers, rawBody });
        return { received: true as const, duplicate, payment_status: payment.status };
      },
    );
  });
};
