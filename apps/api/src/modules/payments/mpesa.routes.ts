import { timingSafeEqual } from "node:crypto";
import { DarajaAck, Problem, StkPushBody, StkPushResponse } from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../platform/ctx.ts";
import { AppError, ForbiddenError, NotFoundError } from "../../platform/errors.ts";
import { requireUser } from "../../platform/http/auth.ts";
import type { Payment, PaymentsModule } from "./payments.service.ts";
import { wholeShillings } from "./providers/mpesa/daraja.rules.ts";
import { type MpesaProvider, parseC2bBody, parseStkCallback } from "./providers/mpesa/mpesa.provider.ts";

/** What C2B needs to know of an order quoted by number (BillRefNumber). */
export type C2bOrder = {
  id: string;
  userId: string | null;
  status: string;
  totalMinor: number;
  currency: string;
  expiresAt: Date | null;
};

export type MpesaRoutesOptions = {
  payments: PaymentsModule;
  mpesa: MpesaProvider;
  /** Starts a new M-Pesa attempt for the caller's unpaid order (checkout.payOrder). */
  payOrder(ctx: Ctx, orderId: string, phoneNumber: string): Promise<{ payment: Payment }>;
  /** The order a paybill payment names (system view). */
  orderByNumber(ctx: Ctx, number: string): Promise<C2bOrder | undefined>;
};

const tags = ["mpesa"];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));
const SecretParams = z.object({ secret: z.string() });
const ACCEPTED = { ResultCode: 0 as const, ResultDesc: "Accepted" };
const C2B_REJECT = {
  account: { ResultCode: "C2B00012", ResultDesc: "Rejected" },
  amount: { ResultCode: "C2B00013", ResultDesc: "Rejected" },
  shortcode: { ResultCode: "C2B00015", ResultDesc: "Rejected" },
  other: { ResultCode: "C2B00016", ResultDesc: "Rejected" },
};

/**
 * M-Pesa: `POST /api/mpesa/stkpush` for shoppers, and Daraja's callbacks (STK result, C2B
 * validation and confirmation) under `/api/mpesa/callback/<secret>` and the neutral
 * `<MPESA_HOOK_PREFIX>/<secret>` that is actually registered with Daraja. Registered without a
 * prefix (the hook prefix is absolute).
 */
export const mpesaRoutes: FastifyPluginAsyncZod<MpesaRoutesOptions> = async (app, opts) => {
  const { payments, mpesa } = opts;
  const config = mpesa.config;

  app.post(
    "/api/mpesa/stkpush",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: "Pay an unpaid order by M-Pesa: sends the PIN prompt (STK Push) to the phone",
        description:
          "Cancels the order's attempt still pending, if any, and pushes a new prompt for the order's total in whole shillings (rounded up). The order becomes paid when M-Pesa's callback (or the status query) confirms the amount; watch GET /api/orders/:id.",
        body: StkPushBody,
        response: { 200: StkPushResponse, ...problems(400, 401, 404, 409, 422, 502) },
      },
    },
    async (req) => {
      const { payment } = await opts.payOrder(req.ctx, req.body.order_id, req.body.phone_number);
      const response = (payment.raw as { response?: Record<string, unknown> }).response ?? {};
      return {
        payment_id: payment.id,
        checkout_request_id: payment.providerReference ?? "",
        merchant_request_id: String(response.MerchantRequestID ?? ""),
        customer_message: String(response.CustomerMessage ?? "Check your phone and enter your M-Pesa PIN"),
      };
    },
  );

  // Daraja's callbacks: raw bodies (stored as received), unsigned, so the path secret, the
  // optional IP allow-list and a status query stand in for a signature.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));

    const expected = Buffer.from(config.callbackSecret);
    hooks.addHook("preHandler", async (req) => {
      const given = Buffer.from((req.params as { secret?: string }).secret ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        // Exactly what an unknown path answers: the URL's secret is not confirmed to exist.
        throw new NotFoundError("ROUTE_NOT_FOUND", `No route ${req.method} ${req.url.split("?")[0]}`);
      }
      if (config.allowedIps.length > 0 && !config.allowedIps.includes(req.ip)) {
        req.log.warn({ ip: req.ip }, "M-Pesa callback from an address not on MPESA_ALLOWED_IPS");
        throw new ForbiddenError("This address may not send M-Pesa callbacks", "MPESA_SOURCE_NOT_ALLOWED");
      }
    });

    const rawOf = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    const jsonOf = (raw: Buffer): unknown => {
      try {
        return JSON.parse(raw.toString("utf8"));
      } catch {
        return undefined;
      }
    };
    const hookSchema = (summary: string, description: string) => ({
      tags,
      summary,
      description,
      params: SecretParams,
      response: { 200: DarajaAck, ...problems(403, 404) },
    });

    for (const base of ["/api/mpesa/callback/:secret", `${config.hookPrefix}/:secret`]) {
      hooks.post(
        base,
        {
          schema: hookSchema(
            "Daraja's STK Push result callback",
            'Always answers {"ResultCode":0,"ResultDesc":"Accepted"} (also for unknown or duplicate CheckoutRequestIDs). The result is confirmed with STK Push Query before it settles the payment; the order is paid only when ResultCode is 0 and amount, CheckoutRequestID and phone match the request.',
          ),
        },
        async (req) => {
          const rawBody = rawOf(req.body);
          const stk = parseStkCallback(jsonOf(rawBody));
          if (!stk) {
            req.log.warn("M-Pesa callback that is not an STK result; acknowledged, ignored");
            return ACCEPTED;
          }
          const log = req.log.child({ checkout_request_id: stk.checkoutRequestId, result_code: stk.resultCode });
          // Callbacks are unsigned: act only on what Daraja itself confirms. When it cannot answer
          // now, reconciliation settles the payment from a later query.
          try {
            const confirmed = await mpesa.query(stk.checkoutRequestId);
            if (confirmed.state !== "final" || confirmed.resultCode !== stk.resultCode) {
              log.warn({ query: confirmed.state }, "M-Pesa callback not confirmed by STK Push Query; ignored");
              return ACCEPTED;
            }
          } catch (err) {
            log.warn({ err }, "STK Push Query failed; the callback is left to reconciliation");
            return ACCEPTED;
          }
          try {
            const { payment, duplicate } = await payments.handleWebhook(req.ctx, "mpesa", {
              headers: req.headers,
              rawBody,
            });
            log.info({ payment_id: payment.id, status: payment.status, duplicate }, "M-Pesa callback handled");
          } catch (err) {
            logRefusal(log, err, "M-Pesa callback not applied");
          }
          return ACCEPTED;
        },
      );

      hooks.post(
        `${base}/c2b/validation`,
        {
          schema: hookSchema(
            "Daraja's C2B validation (paybill, account number = order number)",
            'Accepts ({"ResultCode":0}) a payment for an unpaid order whose whole-shilling total it matches; rejects with C2B00012 (unknown or closed account), C2B00013 (amount) or C2B00015 (shortcode).',
          ),
        },
        async (req) => {
          const c2b = parseC2bBody(jsonOf(rawOf(req.body)));
          if (!c2b) return C2B_REJECT.other;
          if (c2b.BusinessShortCode !== config.shortcode) return C2B_REJECT.shortcode;
          const order = await opts.orderByNumber(req.ctx, c2b.BillRefNumber);
          const open = order?.status === "pending_payment" && (!order.expiresAt || order.expiresAt > new Date());
          if (!order || !open) return C2B_REJECT.account;
          const owed = order.currency === "KES" ? wholeShillings(order.totalMinor, order.currency) : undefined;
          if (owed === undefined || Number(c2b.TransAmount) !== owed) return C2B_REJECT.amount;
          return ACCEPTED;
        },
      );

      hooks.post(
        `${base}/c2b/confirmation`,
        {
          schema: hookSchema(
            "Daraja's C2B confirmation (paybill payment completed)",
            "Records the payment for the order named by BillRefNumber (idempotent on TransID) and pays the order when the amount is its whole-shilling total; money for an order that can no longer take it is refunded to the wallet. Always acknowledged.",
          ),
        },
        async (req) => {
          const rawBody = rawOf(req.body);
          const c2b = parseC2bBody(jsonOf(rawBody));
          const ack = { ResultCode: 0 as const, ResultDesc: "Success" };
          if (!c2b) {
            req.log.warn("C2B confirmation without TransID/BillRefNumber; acknowledged, ignored");
            return ack;
          }
          const log = req.log.child({ trans_id: c2b.TransID, bill_ref: c2b.BillRefNumber });
          const order = await opts.orderByNumber(req.ctx, c2b.BillRefNumber);
          if (!order) {
            // The money is at the paybill but names no order: a person must return or assign it.
            log.error({ amount: c2b.TransAmount }, "C2B payment names no order; needs a person");
            return ack;
          }
          try {
            const { payment, duplicate } = await payments.receivePayment(
              req.ctx,
              "mpesa",
              { orderId: order.id, userId: order.userId, amountMinor: order.totalMinor, currency: order.currency },
              { headers: req.headers, rawBody },
            );
            log.info({ payment_id: payment.id, status: payment.status, duplicate }, "C2B payment recorded");
          } catch (err) {
            logRefusal(log, err, "C2B confirmation not applied");
          }
          return ack;
        },
      );
    }
  });
};

function logRefusal(
  log: { warn: (o: object, m: string) => void; error: (o: object, m: string) => void },
  err: unknown,
  msg: string,
) {
  // An unknown reference or a malformed body is expected noise; anything else is a fault.
  if (err instanceof AppError && err.status < 500) log.warn({ err }, msg);
  else log.error({ err }, msg);
}
