import {
  CancelOrderBody,
  CheckoutBody,
  IdempotencyHeaders,
  IdParams,
  OrderResponse,
  OrderStatusBody,
  PaymentResponse,
  PayOrderBody,
  PlaceOrderBody,
  Problem,
  RefundOrderBody,
  RefundResponse,
} from "@sokoni/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../platform/errors.ts";
import { requireAdmin } from "../../platform/http/auth.ts";
import { MoneyFormatError, toMinor } from "../../platform/money.ts";
import type { CartOwner } from "../cart/index.ts";
import { type Order, type OrdersModule, requireUserOrOrderKey, userOrOrderKeySecurity } from "../orders/index.ts";
import type { Payment, Refund } from "../payments/index.ts";
import type { CheckoutInput, CheckoutModule } from "./checkout.service.ts";

type Options = {
  checkout: CheckoutModule;
  /** For guests' order keys: handed out at checkout, accepted to pay again or cancel. */
  orders: OrdersModule;
  /** The cart owner of a request (user, or guest cart token from header/cookie): the cart module knows how. */
  cartOwnerOf: (req: FastifyRequest) => CartOwner;
  toOrderResponse: (order: Order) => z.infer<typeof OrderResponse>;
  toPaymentResponse: (payment: Payment) => z.infer<typeof PaymentResponse>;
  toRefundResponse: (refund: Refund) => z.infer<typeof RefundResponse>;
};

const tags = ["checkout"];
// Signed in or not: guests check out with a cart token and an email.
const security: { [name: string]: string[] }[] = [{ bearer: [] }, {}];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

const PlacedResponse = z.object({
  order: OrderResponse,
  payment: PaymentResponse,
  order_access_key: z
    .string()
    .nullable()
    .describe(
      "A guest's key to this order (null for a signed-in shopper): send it as X-Order-Key to read it, pay again or cancel. Keep it; it is not shown again except to a retry with the same Idempotency-Key.",
    ),
});
const OrderRefundResponse = z.object({ order: OrderResponse, refunds: z.array(RefundResponse) });
const IDEMPOTENCY_NOTE =
  "Send a fresh Idempotency-Key per purchase: a retry with the same key and body returns the same order (200) instead of a second one; the same key with a different body is refused (409).";

/** Placing, cancelling and (for admins) moving orders: the mutations that touch stock and money. */
export const checkoutRoutes: FastifyPluginAsyncZod<Options> = async (app, opts) => {
  const { checkout, cartOwnerOf, orders } = opts;
  const placed = (r: { order: Order; payment: Payment }) => ({
    order: opts.toOrderResponse(r.order),
    payment: opts.toPaymentResponse(r.payment),
    order_access_key: orders.accessKeyFor(r.order),
  });

  app.post(
    "/checkout",
    {
      schema: {
        tags,
        security,
        summary: "Turn the cart into an order and start its payment",
        description: `Asks the marketplaces of external lines for their price and availability again (as POST /api/cart/quote does; a marketplace that does not answer in its budget leaves the last known price), re-prices the cart, reserves house stock, records the order (pending_payment) and its payment in one transaction, and empties the cart. The payment tells the client what to do next (redirect_url for hosted pages). Guests give an email and their cart token. With expected_total (the total the shopper was shown), a different re-priced total is refused with 409 PRICE_CHANGED (one field error per re-priced line and one for the total) and nothing is written; a line no longer sold is refused with 409 PRODUCT_UNAVAILABLE. ${IDEMPOTENCY_NOTE}`,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 200: PlacedResponse, 201: PlacedResponse, ...problems(400, 404, 409, 422, 502) },
      },
    },
    async (req, reply) => {
      const result = await checkout.checkout(req.ctx, {
        owner: cartOwnerOf(req),
        idempotencyKey: String(req.headers["idempotency-key"]),
        input: toInput(req.body, checkout.storeCurrency),
      });
      return reply.code(result.replayed ? 200 : 201).send(placed(result));
    },
  );

  app.post(
    "/orders",
    {
      schema: {
        tags,
        security,
        summary: "Place an order for the given items without a cart (API clients)",
        description: `Same rules as /checkout; the cart is left alone. ${IDEMPOTENCY_NOTE}`,
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 200: PlacedResponse, 201: PlacedResponse, ...problems(400, 404, 409, 422, 502) },
      },
    },
    async (req, reply) => {
      const result = await checkout.placeOrder(req.ctx, {
        idempotencyKey: String(req.headers["idempotency-key"]),
        input: {
          ...toInput(req.body, checkout.storeCurrency),
          items: req.body.items.map((i) => ({ productId: i.product_id, quantity: i.quantity })),
        },
      });
      return reply.code(result.replayed ? 200 : 201).send(placed(result));
    },
  );

  app.post(
    "/orders/:id/cancel",
    {
      preHandler: requireUserOrOrderKey(orders),
      schema: {
        tags,
        security: userOrOrderKeySecurity,
        summary: "Cancel an unpaid order: its stock is released and its pending payment cancelled",
        params: IdParams,
        body: CancelOrderBody,
        response: { 200: OrderResponse, ...problems(400, 401, 404, 409) },
      },
    },
    async (req) => opts.toOrderResponse(await checkout.cancelOrder(req.ctx, req.params.id, req.body?.reason)),
  );

  app.post(
    "/orders/:id/payments",
    {
      preHandler: requireUserOrOrderKey(orders),
      schema: {
        tags,
        security: userOrOrderKeySecurity,
        summary: "Pay an unpaid order again (after a failed payment, or with another method)",
        description:
          "Cancels the attempt still pending, if any, and starts a new one like checkout does; 409 once the order is paid, cancelled or expired.",
        params: IdParams,
        body: PayOrderBody,
        response: { 201: PlacedResponse, ...problems(400, 401, 404, 409, 422, 502) },
      },
    },
    async (req, reply) => {
      const result = await checkout.payOrder(req.ctx, req.params.id, {
        paymentMethod: req.body.payment_method,
        phoneNumber: req.body.phone_number,
      });
      return reply.code(201).send(placed(result));
    },
  );

  app.patch(
    "/admin/orders/:id/status",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        summary: "Move an order through its state machine",
        description:
          "Illegal moves are refused with 409. Cancelling releases stock that has not shipped; cancelling or refunding a paid order refunds its total to the shopper's wallet.",
        params: IdParams,
        body: OrderStatusBody,
        response: { 200: OrderResponse, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) =>
      opts.toOrderResponse(await checkout.setOrderStatus(req.ctx, req.params.id, req.body.status, req.body.reason)),
  );

  app.post(
    "/admin/orders/:id/refunds",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        summary: "Refund part (or the rest) of a paid order",
        description:
          "Refunds through the provider that took the money (Stripe: a refund to the card), else to the shopper's wallet. The order becomes partially_refunded, or refunded once nothing is left (stock not yet shipped is released). 409 for an unpaid, cancelled or refunded order; 422 REFUND_EXCEEDS_PAID, or REFUND_NEEDS_ACCOUNT for a guest's non-card payment; 502 when the gateway refuses (nothing changes).",
        params: IdParams,
        body: RefundOrderBody,
        response: { 201: OrderRefundResponse, ...problems(400, 401, 403, 404, 409, 422, 502) },
      },
    },
    async (req, reply) => {
      const { order, refunds } = await checkout.refundOrder(req.ctx, req.params.id, {
        amountMinor: await amountOf(checkout, req.ctx, req.params.id, req.body.amount),
        reason: req.body.reason,
      });
      return reply.code(201).send({ order: opts.toOrderResponse(order), refunds: refunds.map(opts.toRefundResponse) });
    },
  );
};

/** The body's amount in minor units of the order's currency; 400 when it has too many decimals or is 0. */
async function amountOf(
  checkout: CheckoutModule,
  ctx: Parameters<CheckoutModule["refundOrder"]>[0],
  orderId: string,
  amount: string | number,
): Promise<number> {
  const currency = await checkout.orderCurrency(ctx, orderId);
  let minor: number;
  try {
    minor = toMinor(amount, currency);
  } catch (err) {
    if (!(err instanceof MoneyFormatError)) throw err;
    throw new ValidationError(err.message, [{ path: "body.amount", message: err.message }]);
  }
  if (minor <= 0)
    throw new ValidationError("A refund must be for more than zero", [{ path: "body.amount", message: "must be > 0" }]);
  return minor;
}

function toInput(body: z.infer<typeof CheckoutBody>, storeCurrency: string): CheckoutInput {
  const a = body.shipping_address;
  let expectedTotalMinor: number | undefined;
  if (body.expected_total !== undefined) {
    try {
      expectedTotalMinor = toMinor(body.expected_total, storeCurrency);
    } catch (err) {
      if (!(err instanceof MoneyFormatError)) throw err;
      throw new ValidationError(err.message, [{ path: "body.expected_total", message: err.message }]);
    }
  }
  return {
    expectedTotalMinor,
    paymentMethod: body.payment_method,
    phoneNumber: body.phone_number,
    email: body.email,
    addressId: body.address_id,
    shippingAddress: a
      ? {
          name: a.name,
          phone_number: a.phone_number,
          line1: a.line1,
          line2: a.line2 ?? null,
          city: a.city,
          region: a.region ?? null,
          postal_code: a.postal_code ?? null,
          country: a.country,
        }
      : undefined,
  };
}
