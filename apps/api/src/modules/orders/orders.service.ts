import { type Ctx, isAdmin } from "../../platform/ctx.ts";
import { NotFoundError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { createOrderAccessKeys } from "./order-access.ts";
import {
  assertItemTransition,
  assertOrderTransition,
  type ItemStatus,
  type OrderStatus,
  statusFromItems,
} from "./order-status.ts";
import * as repo from "./orders.repo.ts";
import type { ShippingAddress } from "./orders.tables.ts";

export type OrderItem = {
  id: string;
  productId: string;
  marketplace: { id: string; code: string; name: string };
  title: string;
  imageUrl: string | null;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  fxRate: string;
  unitStorePriceMinor: number;
  lineTotalMinor: number;
  stockReserved: number;
  status: ItemStatus;
};

export type StatusChange = {
  itemId: string | null;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: Date;
};

export type Order = {
  id: string;
  number: string;
  userId: string | null;
  email: string;
  phoneNumber: string | null;
  status: OrderStatus;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  paymentMethod: string;
  shippingAddress: ShippingAddress;
  expiresAt: Date | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  items: OrderItem[];
};

/** An order line as checkout prices it; the line total follows from unit store price × quantity. */
export type OrderLineInput = Omit<OrderItem, "id" | "status" | "lineTotalMinor">;

export type CreateOrderInput = {
  /** Chosen by the caller when it must know the id up front (checkout records it first). */
  id?: string;
  userId: string | null;
  email: string;
  phoneNumber: string | null;
  paymentMethod: string;
  shippingAddress: ShippingAddress;
  expiresAt: Date;
  lines: OrderLineInput[];
};

export type ListOrdersInput = {
  page: number;
  pageSize: number;
  status?: OrderStatus;
  /** Admin filters; a customer always sees only their own orders. */
  userId?: string;
  email?: string;
  createdFrom?: Date;
  createdTo?: Date;
};

/** Formats the order number people read and quote ("SK-100042"). */
export function orderNumber(n: number): string {
  return `SK-${n}`;
}

function actorLabel(ctx: Ctx): string {
  return ctx.actor.kind === "user" ? `user:${ctx.actor.userId}` : ctx.actor.kind;
}

function toItem(row: repo.OrderItemRow): OrderItem {
  return {
    id: row.id,
    productId: row.productId,
    marketplace: { id: row.marketplaceId, code: row.marketplaceCode, name: row.marketplaceName },
    title: row.title,
    imageUrl: row.imageUrl,
    quantity: row.quantity,
    unitPriceMinor: row.unitPriceMinor,
    currency: row.currency,
    fxRate: row.fxRate,
    unitStorePriceMinor: row.unitStorePriceMinor,
    lineTotalMinor: row.lineTotalMinor,
    stockReserved: row.stockReserved,
    status: row.status,
  };
}

function toOrder(row: repo.OrderRow, items: repo.OrderItemRow[]): Order {
  return {
    id: row.id,
    number: orderNumber(row.number),
    userId: row.userId,
    email: row.email,
    phoneNumber: row.phoneNumber,
    status: row.status,
    currency: row.currency,
    subtotalMinor: row.subtotalMinor,
    shippingMinor: row.shippingMinor,
    totalMinor: row.totalMinor,
    paymentMethod: row.paymentMethod,
    shippingAddress: row.shippingAddress,
    expiresAt: row.expiresAt,
    paidAt: row.paidAt,
    cancelledAt: row.cancelledAt,
    cancelReason: row.cancelReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    items: items.map(toItem),
  };
}

/** Orders, their items and their status history. Statuses move only through order-status.ts. */
export function createOrdersModule({ storeCurrency, secret }: { storeCurrency: string; secret: string }) {
  const accessKeys = createOrderAccessKeys(secret);

  /**
   * Who may see an order: its owner, staff and admins, and for a guest's order whoever holds its
   * access key; anyone else gets 404 (existence is private).
   */
  function canSee(ctx: Ctx, row: repo.OrderRow): boolean {
    if (isAdmin(ctx.actor)) return true;
    if (ctx.actor.kind === "orderKey") return row.userId === null && row.id === ctx.actor.orderId;
    if (ctx.actor.kind !== "user") return false;
    return ctx.actor.role === "staff" || row.userId === ctx.actor.userId;
  }

  async function load(ctx: Ctx, row: repo.OrderRow): Promise<Order> {
    return toOrder(row, await repo.selectItems(ctx.db, [row.id]));
  }

  /**
   * Records a new order (status pending_payment) with its items, priced as given. Stock and
   * payment are the caller's (checkout's) business, in the same transaction.
   */
  async function createOrder(ctx: Ctx, input: CreateOrderInput): Promise<Order> {
    const id = input.id ?? newId();
    const items: repo.NewOrderItemRow[] = input.lines.map((l) => ({
      id: newId(),
      orderId: id,
      productId: l.productId,
      marketplaceId: l.marketplace.id,
      marketplaceCode: l.marketplace.code,
      marketplaceName: l.marketplace.name,
      title: l.title,
      imageUrl: l.imageUrl,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      currency: l.currency,
      fxRate: l.fxRate,
      unitStorePriceMinor: l.unitStorePriceMinor,
      lineTotalMinor: l.unitStorePriceMinor * l.quantity,
      stockReserved: l.stockReserved,
    }));
    const subtotal = items.reduce((sum, i) => sum + (i.lineTotalMinor ?? 0), 0);
    const created = await repo.insertOrder(
      ctx.db,
      {
        id,
        userId: input.userId,
        email: input.email,
        phoneNumber: input.phoneNumber,
        status: "pending_payment",
        currency: storeCurrency,
        subtotalMinor: subtotal,
        shippingMinor: 0,
        totalMinor: subtotal,
        paymentMethod: input.paymentMethod,
        shippingAddress: input.shippingAddress,
        expiresAt: input.expiresAt,
      },
      items,
    );
    await repo.insertHistory(ctx.db, [
      {
        id: newId(),
        orderId: id,
        fromStatus: null,
        toStatus: "pending_payment",
        reason: "placed",
        actor: actorLabel(ctx),
      },
    ]);
    return toOrder(created.row, created.items);
  }

  /** The order if the actor may see it. Throws NotFoundError ORDER_NOT_FOUND otherwise. */
  async function getOrder(ctx: Ctx, id: string): Promise<Order> {
    const row = await repo.findOrder(ctx.db, id);
    if (!row || !canSee(ctx, row)) throw new NotFoundError("ORDER_NOT_FOUND", "No such order");
    return load(ctx, row);
  }

  /**
   * The order a shopper quotes by number ("SK-100042", "sk100042", "100042"; M-Pesa paybill
   * account numbers), if the actor may see it.
   */
  async function findOrderByNumber(ctx: Ctx, quoted: string): Promise<Order | undefined> {
    const m = /^(?:SK)?-?\s*(\d{1,15})$/i.exec(quoted.trim());
    if (!m) return undefined;
    const row = await repo.findOrderByNumber(ctx.db, Number(m[1]));
    return row && canSee(ctx, row) ? load(ctx, row) : undefined;
  }

  /** Locks the order row for the rest of the transaction (settlement, cancel, expiry). */
  async function lockOrder(ctx: Ctx, id: string): Promise<Order> {
    const row = await repo.findOrder(ctx.db, id, { lock: true });
    if (!row || !canSee(ctx, row)) throw new NotFoundError("ORDER_NOT_FOUND", "No such order");
    return load(ctx, row);
  }

  async function getHistory(ctx: Ctx, id: string): Promise<StatusChange[]> {
    await getOrder(ctx, id);
    const rows = await repo.selectHistory(ctx.db, id);
    return rows.map((r) => ({
      itemId: r.orderItemId,
      from: r.fromStatus,
      to: r.toStatus,
      reason: r.reason,
      actor: r.actor,
      at: r.createdAt,
    }));
  }

  /** Newest first. Customers see their own orders only, whatever filter they pass. */
  async function listOrders(ctx: Ctx, input: ListOrdersInput): Promise<{ items: Order[]; total: number }> {
    const staff = isAdmin(ctx.actor) || (ctx.actor.kind === "user" && ctx.actor.role === "staff");
    const userId = staff ? input.userId : ctx.actor.kind === "user" ? ctx.actor.userId : undefined;
    if (!staff && !userId) return { items: [], total: 0 };
    const { rows, total } = await repo.selectOrders(ctx.db, {
      userId,
      status: input.status,
      email: staff ? input.email : undefined,
      createdFrom: input.createdFrom,
      createdTo: input.createdTo,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    const items = await repo.selectItems(
      ctx.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) =>
        toOrder(
          r,
          items.filter((i) => i.orderId === r.id),
        ),
      ),
      total,
    };
  }

  /**
   * Moves an order the caller has locked (lockOrder, same transaction) to `to`, with a history
   * row. Moving to cancelled also cancels every item that has not shipped. Throws 409
   * ILLEGAL_STATUS_TRANSITION.
   */
  async function transitionOrder(ctx: Ctx, order: Order, to: OrderStatus, reason?: string): Promise<Order> {
    assertOrderTransition(order.status, to);
    const now = new Date();
    const changes: repo.NewStatusHistoryRow[] = [
      {
        id: newId(),
        orderId: order.id,
        fromStatus: order.status,
        toStatus: to,
        reason: reason ?? null,
        actor: actorLabel(ctx),
      },
    ];
    let items = order.items;
    if (to === "cancelled") {
      const cancellable = new Set(
        order.items.filter((i) => i.status === "pending" || i.status === "ordered").map((i) => i.id),
      );
      await repo.updateItemsStatus(ctx.db, [...cancellable], "cancelled");
      for (const item of order.items.filter((i) => cancellable.has(i.id))) {
        changes.push({
          id: newId(),
          orderId: order.id,
          orderItemId: item.id,
          fromStatus: item.status,
          toStatus: "cancelled",
          reason: reason ?? null,
          actor: actorLabel(ctx),
        });
      }
      items = order.items.map((i) => (cancellable.has(i.id) ? { ...i, status: "cancelled" as const } : i));
    }
    const row = await repo.updateOrder(ctx.db, order.id, {
      status: to,
      ...(to === "paid" ? { paidAt: now } : {}),
      ...(to === "cancelled" ? { cancelledAt: now, cancelReason: reason ?? null } : {}),
    });
    await repo.insertHistory(ctx.db, changes);
    return { ...toOrder(row, []), items };
  }

  /**
   * Moves one item through its lifecycle; the order follows its items once paid (all delivered →
   * delivered, ...). Items of an unpaid or closed order do not move. Throws 404 / 409.
   */
  async function transitionItem(
    ctx: Ctx,
    orderId: string,
    itemId: string,
    to: ItemStatus,
    reason?: string,
  ): Promise<Order> {
    const order = await lockOrder(ctx, orderId);
    const item = order.items.find((i) => i.id === itemId);
    if (!item) throw new NotFoundError("ORDER_ITEM_NOT_FOUND", "No such item in this order");
    if (order.status === "pending_payment" && to !== "cancelled") {
      assertOrderTransition(order.status, "processing");
    }
    assertItemTransition(item.status, to);
    await repo.updateItemStatus(ctx.db, itemId, to);
    await repo.insertHistory(ctx.db, [
      {
        id: newId(),
        orderId,
        orderItemId: itemId,
        fromStatus: item.status,
        toStatus: to,
        reason: reason ?? null,
        actor: actorLabel(ctx),
      },
    ]);
    const moved = { ...order, items: order.items.map((i) => (i.id === itemId ? { ...i, status: to } : i)) };
    const implied = statusFromItems(
      order.status,
      moved.items.map((i) => i.status),
    );
    if (implied) return transitionOrder(ctx, moved, implied, `items ${implied}`);
    return moved;
  }

  /** Ids of unpaid orders past their payment window, oldest first. */
  async function listOverdueOrderIds(ctx: Ctx, now: Date, limit = 100): Promise<string[]> {
    return repo.selectOverdueOrderIds(ctx.db, now, limit);
  }

  /** The key a guest keeps to read, pay and cancel their order (null for a signed-in shopper's order). */
  function accessKeyFor(order: Pick<Order, "id" | "userId">): string | null {
    return order.userId === null ? accessKeys.keyFor(order.id) : null;
  }

  /** The actor a request acts as when it presents `key` for order `orderId`; undefined for a wrong key. */
  function actorForAccessKey(orderId: string, key: string): Extract<Ctx["actor"], { kind: "orderKey" }> | undefined {
    return accessKeys.isValid(orderId, key) ? { kind: "orderKey", orderId } : undefined;
  }

  return {
    accessKeyFor,
    actorForAccessKey,
    createOrder,
    getOrder,
    findOrderByNumber,
    lockOrder,
    getHistory,
    listOrders,
    transitionOrder,
    transitionItem,
    listOverdueOrderIds,
  };
}

export type OrdersModule = ReturnType<typeof createOrdersModule>;
