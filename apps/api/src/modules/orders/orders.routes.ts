import {
  AdminOrderListQuery,
  IdParams,
  ItemStatusBody,
  OrderItemParams,
  OrderListQuery,
  OrderResponse,
  PaymentResponse,
  Problem,
  pageOf,
  StatusChangeResponse,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../platform/ctx.ts";
import { requireAdmin, requireUser } from "../../platform/http/auth.ts";
import { formatMinor } from "../../platform/money.ts";
import { requireUserOrOrderKey, userOrOrderKeySecurity } from "./order-access.routes.ts";
import type { Order, OrdersModule, StatusChange } from "./orders.service.ts";

type Options = {
  orders: OrdersModule;
  /** The order's payments, already in their response shape (the payments module owns them). */
  paymentsOf: (ctx: Ctx, orderId: string) => Promise<z.infer<typeof PaymentResponse>[]>;
};

const tags = ["orders"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

export const OrderDetailResponse = OrderResponse.extend({
  payments: z.array(PaymentResponse),
  history: z.array(StatusChangeResponse),
});

/** Reading orders, and moving items through their lifecycle. Placing and cancelling is checkout's. */
export const ordersRoutes: FastifyPluginAsyncZod<Options> = async (app, { orders, paymentsOf }) => {
  app.get(
    "/orders",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "The signed-in shopper's orders, newest first",
        querystring: OrderListQuery,
        response: { 200: pageOf(OrderResponse), ...problems(400, 401) },
      },
    },
    async (req) => {
      const { page, page_size, status } = req.query;
      const ctx: Ctx = { ...req.ctx, actor: asCustomer(req.ctx) };
      const { items, total } = await orders.listOrders(ctx, { page, pageSize: page_size, status });
      return { items: items.map(toOrderResponse), page, page_size, total };
    },
  );

  app.get(
    "/orders/:id",
    {
      preHandler: requireUserOrOrderKey(orders),
      schema: {
        tags,
        security: userOrOrderKeySecurity,
        summary: "One order with its items per marketplace, payments and status history (own, or any for staff)",
        description: "A guest reads their order with its key in X-Order-Key (`order_access_key` from checkout).",
        params: IdParams,
        response: { 200: OrderDetailResponse, ...problems(400, 401, 404) },
      },
    },
    async (req) => detail(req.ctx, req.params.id),
  );

  app.get(
    "/admin/orders",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "All orders, newest first, filtered by status, date range and customer",
        querystring: AdminOrderListQuery,
        response: { 200: pageOf(OrderResponse), ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query;
      const { items, total } = await orders.listOrders(req.ctx, {
        page: q.page,
        pageSize: q.page_size,
        status: q.status,
        userId: q.user_id,
        email: q.email,
        createdFrom: q.from ? new Date(q.from) : undefined,
        createdTo: q.to ? new Date(q.to) : undefined,
      });
      return { items: items.map(toOrderResponse), page: q.page, page_size: q.page_size, total };
    },
  );

  app.patch(
    "/admin/orders/:id/items/:item_id/status",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "Move one item through its lifecycle (the order follows its items)",
        params: OrderItemParams,
        body: ItemStatusBody,
        response: { 200: OrderDetailResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await orders.transitionItem(req.ctx, req.params.id, req.params.item_id, req.body.status, req.body.reason);
      return detail(req.ctx, req.params.id);
    },
  );

  async function detail(ctx: Ctx, id: string) {
    const order = await orders.getOrder(ctx, id);
    const [payments, history] = await Promise.all([paymentsOf(ctx, id), orders.getHistory(ctx, id)]);
    return { ...toOrderResponse(order), payments, history: history.map(toStatusChangeResponse) };
  }
};

/** "My orders" is the caller's own list even for staff and admins (they have /admin/orders). */
function asCustomer(ctx: Ctx): Ctx["actor"] {
  return ctx.actor.kind === "user" ? { ...ctx.actor, role: "customer" } : ctx.actor;
}

function toStatusChangeResponse(c: StatusChange) {
  return { item_id: c.itemId, from: c.from, to: c.to, reason: c.reason, actor: c.actor, at: c.at.toISOString() };
}

export function toOrderResponse(order: Order): z.infer<typeof OrderResponse> {
  const money = (minor: number) => formatMinor(minor, order.currency);
  const groups = new Map<
    string,
    { marketplace: Order["items"][number]["marketplace"]; ids: string[]; count: number; minor: number }
  >();
  for (const item of order.items) {
    const g = groups.get(item.marketplace.id) ?? { marketplace: item.marketplace, ids: [], count: 0, minor: 0 };
    g.ids.push(item.id);
    g.count += item.quantity;
    g.minor += item.lineTotalMinor;
    groups.set(item.marketplace.id, g);
  }
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    user_id: order.userId,
    email: order.email,
    phone_number: order.phoneNumber,
    currency: order.currency,
    subtotal: money(order.subtotalMinor),
    shipping: money(order.shippingMinor),
    total: money(order.totalMinor),
    payment_method: order.paymentMethod,
    shipping_address: order.shippingAddress,
    expires_at: order.expiresAt?.toISOString() ?? null,
    paid_at: order.paidAt?.toISOString() ?? null,
    cancelled_at: order.cancelledAt?.toISOString() ?? null,
    cancel_reason: order.cancelReason,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    items: order.items.map((i) => ({
      id: i.id,
      product_id: i.productId,
      marketplace: i.marketplace,
      title: i.title,
      image_url: i.imageUrl,
      quantity: i.quantity,
      unit_price: formatMinor(i.unitPriceMinor, i.currency),
      currency: i.currency,
      fx_rate: i.fxRate,
      unit_store_price: money(i.unitStorePriceMinor),
      line_total: money(i.lineTotalMinor),
      status: i.status,
    })),
    groups: [...groups.values()].map((g) => ({
      marketplace: g.marketplace,
      item_count: g.count,
      subtotal: money(g.minor),
      item_ids: g.ids,
    })),
  };
}
