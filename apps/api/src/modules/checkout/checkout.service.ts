import { createHash } from "node:crypto";
import type { Ctx } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import {
  AppError,
  BusinessRuleError,
  ConflictError,
  type FieldError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Jobs } from "../../platform/jobs/queue.ts";
import { convertMinor, formatMinor } from "../../platform/money.ts";
import type { CartModule, CartOwner } from "../cart/index.ts";
import { type CatalogModule, changeOf, type Purchasable, type Recheck, type StockLine } from "../catalog/index.ts";
import type { Address, IdentityModule } from "../identity/index.ts";
import type { NotificationsModule } from "../notifications/index.ts";
import type { Order, OrderLineInput, OrderStatus, OrdersModule, ShippingAddress } from "../orders/index.ts";
import type { Payment, PaymentsModule, Refund } from "../payments/index.ts";
import type { WalletModule } from "../wallet/index.ts";
import * as repo from "./checkout.repo.ts";

/** Jobs of this module. */
export const CHECKOUT_JOBS = {
  expireOrder: "checkout.expireOrder",
  expireOverdueOrders: "checkout.expireOverdueOrders",
} as const;

export type PaymentMethod = "mock" | "wallet" | "mpesa" | "stripe";

export type CheckoutInput = {
  shippingAddress?: ShippingAddress;
  addressId?: string;
  paymentMethod: PaymentMethod;
  phoneNumber?: string;
  email?: string;
  /** The total the shopper was shown (store currency, minor units): a different re-priced total refuses the checkout. */
  expectedTotalMinor?: number;
};

export type PlaceResult = { order: Order; payment: Payment; replayed: boolean };

type Deps = {
  catalog: CatalogModule;
  cart: CartModule;
  identity: IdentityModule;
  orders: OrdersModule;
  payments: PaymentsModule;
  wallet: WalletModule;
  notifications: NotificationsModule;
  jobs: Jobs;
  paymentTimeoutSeconds: number;
};

type Source = { kind: "cart"; owner: CartOwner } | { kind: "items"; items: StockLine[] };

/**
 * The orchestrator of a purchase: re-price, reserve stock, record the order and its payment in one
 * transaction keyed by an Idempotency-Key; then start the payment, settle it when the provider
 * confirms, and cancel or expire unpaid orders, giving their stock back.
 */
export function createCheckoutModule(deps: Deps) {
  const { catalog, cart, identity, orders, payments, notifications, jobs } = deps;

  /** Checks out the caller's cart (signed in, or a guest with a cart token and an email). */
  function checkout(ctx: Ctx, args: { owner: CartOwner; idempotencyKey: string; input: CheckoutInput }) {
    return place(ctx, args.idempotencyKey, args.input, { kind: "cart", owner: args.owner });
  }

  /** Places an order for the given lines without touching any cart (API clients). */
  function placeOrder(ctx: Ctx, args: { idempotencyKey: string; input: CheckoutInput & { items: StockLine[] } }) {
    const { items, ...input } = args.input;
    return place(ctx, args.idempotencyKey, input, { kind: "items", items });
  }

  async function place(ctx: Ctx, key: string, input: CheckoutInput, source: Source): Promise<PlaceResult> {
    const userId = ctx.actor.kind === "user" ? ctx.actor.userId : null;
    if (!userId && !input.email) {
      throw new ValidationError("Guests give an email for the order confirmation", [
        { path: "email", message: "required when not signed in" },
      ]);
    }
    if (!userId && input.addressId) {
      throw new ValidationError("Saved addresses need a signed-in shopper", [
        { path: "address_id", message: "sign in, or give shipping_address" },
      ]);
    }
    if (!userId && input.paymentMethod === "wallet") {
      throw new BusinessRuleError("WALLET_NEEDS_ACCOUNT", "Paying from a wallet needs a signed-in shopper");
    }
    const scope = userId ? `user:${userId}` : `guest:${input.email?.toLowerCase()}`;
    const requestHash = hashRequest({ input, source: source.kind === "items" ? source.items : "cart" });

    // External lines are asked again before anything is locked (network calls never hold a
    // transaction); a replay of a placed order asks nothing.
    const rechecks = (await repo.findKey(ctx.db, scope, key)) ? [] : await recheck(ctx, source);

    // The order's and payment's ids are chosen now so the key row names them from the start.
    const ids = { orderId: newId(), paymentId: newId() };
    const placed = await withTx(ctx, async (tx) => {
      if (!(await repo.claimKey(tx.db, { scope, key, requestHash, ...ids }))) {
        const existing = await repo.findKey(tx.db, scope, key);
        if (!existing || existing.requestHash !== requestHash) {
          throw new ConflictError(
            "IDEMPOTENCY_KEY_REUSED",
            "This Idempotency-Key was used for a different request; use a new key for a new purchase",
          );
        }
        return { orderId: existing.orderId, paymentId: existing.paymentId, replayed: true };
      }
      return { ...(await create(tx, ids, userId, input, source, rechecks)), replayed: false };
    });

    // Outside the transaction: the gateway call may be slow, and it must never hold stock locks.
    // Replays start it too, so a first attempt whose gateway call failed resumes on retry.
    let payment = "payment" in placed ? placed.payment : undefined;
    if (!payment || payment.status === "pending") payment = await startOrFail(ctx, placed.paymentId);
    const order = "order" in placed ? placed.order : await orders.getOrder(system(ctx), placed.orderId);
    return { order, payment, replayed: placed.replayed };
  }

  /** Asks the marketplaces of the purchase's external lines again; the fresh prices land in the catalog. */
  async function recheck(ctx: Ctx, source: Source): Promise<Recheck[]> {
    const productIds =
      source.kind === "items"
        ? source.items.map((i) => i.productId)
        : (await cart.getCartView(ctx, source.owner)).items.map((i) => i.productId);
    return catalog.recheckExternalProducts(ctx, productIds);
  }

  async function create(
    tx: Ctx,
    ids: { orderId: string; paymentId: string },
    userId: string | null,
    input: CheckoutInput,
    source: Source,
    rechecks: Recheck[],
  ): Promise<{ orderId: string; paymentId: string; order: Order; payment: Payment }> {
    let cartId: string | undefined;
    let lines: StockLine[];
    if (source.kind === "cart") {
      const found = await cart.getCheckoutLines(tx, source.owner);
      if (!found || found.lines.length === 0) throw new BusinessRuleError("CART_EMPTY", "The cart is empty");
      cartId = found.cartId;
      lines = found.lines;
    } else {
      lines = source.items;
    }
    lines = mergeLines(lines);

    const user = userId ? await identity.getUser(tx, userId) : undefined;
    const email = input.email ?? user?.email;
    if (!email) throw new ValidationError("An email is needed", [{ path: "email", message: "required" }]);
    const shippingAddress = input.addressId
      ? toShipping(await identity.getAddress(tx, userId ?? "", input.addressId))
      : input.shippingAddress;
    if (!shippingAddress) {
      throw new ValidationError("A shipping address is needed", [{ path: "shipping_address", message: "required" }]);
    }

    const priced = await priceLines(tx, lines);
    if (input.expectedTotalMinor !== undefined) assertExpectedTotal(priced, input.expectedTotalMinor, rechecks);
    const { shortages } = await catalog.reserveStock(
      tx,
      priced.filter((l) => l.product.isHouse).map((l) => ({ productId: l.product.id, quantity: l.quantity })),
    );
    if (shortages.length > 0) {
      // Throwing rolls back the decrements that did fit: nothing of this checkout is written.
      throw new ConflictError(
        "INSUFFICIENT_STOCK",
        `Not enough stock for ${shortages.map((s) => `${s.name} (${s.available} left, ${s.requested} asked)`).join(", ")}`,
        shortages.map((s) => ({ path: `items.${s.productId}`, message: `only ${s.available} left of ${s.name}` })),
      );
    }

    const expiresAt = new Date(Date.now() + deps.paymentTimeoutSeconds * 1000);
    const order = await orders.createOrder(tx, {
      id: ids.orderId,
      userId,
      email,
      phoneNumber: input.phoneNumber ?? user?.phoneNumber ?? null,
      paymentMethod: input.paymentMethod,
      shippingAddress,
      expiresAt,
      lines: priced.map((l) => l.line),
    });
    await notifications.sendEmail(tx, {
      template: "order_confirmation",
      to: email,
      data: confirmationData(order),
      dedupeKey: `order_confirmation:${order.id}`,
    });
    // May settle at once (wallet): onPaymentSettled then marks the order paid in this transaction.
    const payment = await payments.createPayment(tx, {
      id: ids.paymentId,
      orderId: order.id,
      userId,
      provider: input.paymentMethod,
      amountMinor: order.totalMinor,
      currency: order.currency,
      phoneNumber: input.phoneNumber,
      description: `Order ${order.number}`,
    });
    if (payment.status === "pending") {
      await jobs.send(
        tx,
        CHECKOUT_JOBS.expireOrder,
        { orderId: order.id },
        { startAfter: expiresAt, singletonKey: order.id },
      );
    }
    if (cartId) await cart.clearCartById(tx, cartId);
    // Settled inline (wallet): the order moved on to paid in this transaction.
    const current = payment.status === "pending" ? order : await orders.getOrder(system(tx), order.id);
    return { ...ids, order: current, payment };
  }

  /** Current prices (fx frozen now) of lines that can all be bought; 404/409 naming what cannot. */
  async function priceLines(ctx: Ctx, lines: StockLine[]) {
    const products = new Map(
      (
        await catalog.getPurchasables(
          ctx,
          lines.map((l) => l.productId),
        )
      ).map((p) => [p.id, p]),
    );
    const missing = lines.filter((l) => !products.has(l.productId));
    if (missing.length > 0) {
      throw new NotFoundError("PRODUCT_NOT_FOUND", `No such product: ${missing.map((l) => l.productId).join(", ")}`);
    }
    const unavailable: FieldError[] = [];
    for (const l of lines) {
      const p = products.get(l.productId) as Purchasable;
      if (p.status !== "active" || !p.available) {
        unavailable.push({ path: `items.${p.id}`, message: `${p.name} is no longer available` });
      }
    }
    if (unavailable.length > 0) {
      throw new ConflictError("PRODUCT_UNAVAILABLE", unavailable.map((e) => e.message).join("; "), unavailable);
    }
    const noRate = [...products.values()].find((p) => p.fxRate === undefined);
    if (noRate) throw new BusinessRuleError("FX_RATE_MISSING", `No exchange rate for ${noRate.currency}`);
    return lines.map((l) => {
      const product = products.get(l.productId) as Purchasable;
      const fxRate = product.fxRate as string;
      const line: OrderLineInput = {
        productId: product.id,
        marketplace: { id: product.marketplaceId, code: product.marketplaceCode, name: product.marketplaceName },
        title: product.name,
        imageUrl: product.imageUrl,
        quantity: l.quantity,
        unitPriceMinor: product.priceMinor,
        currency: product.currency,
        fxRate,
        unitStorePriceMinor: convertMinor(product.priceMinor, product.currency, product.storeCurrency, fxRate),
        stockReserved: product.isHouse ? l.quantity : 0,
      };
      return { product, quantity: l.quantity, line };
    });
  }

  /**
   * 409 PRICE_CHANGED (nothing written: the caller's transaction rolls back) when the re-priced
   * total is not the one the shopper was shown; one field error per line whose price changed at
   * this checkout's re-check, and one for the total.
   */
  function assertExpectedTotal(priced: { line: OrderLineInput }[], expected: number, rechecks: Recheck[]): void {
    const total = priced.reduce((sum, l) => sum + l.line.unitStorePriceMinor * l.line.quantity, 0);
    if (total === expected) return;
    const currency = catalog.storeCurrency;
    const money = (minor: number) => `${currency} ${formatMinor(minor, currency)}`;
    const errors: FieldError[] = [];
    for (const r of rechecks) {
      const change = changeOf(r);
      if (!change || change === "unavailable") continue;
      errors.push({
        path: `items.${r.productId}`,
        message: `${change}: was ${money(r.previousStorePriceMinor)}, now ${money(r.storePriceMinor)}`,
      });
    }
    errors.push({ path: "expected_total", message: `the total is now ${money(total)}` });
    throw new ConflictError(
      "PRICE_CHANGED",
      `The total is now ${money(total)}, not the ${money(expected)} shown; confirm the new total to place the order`,
      errors,
    );
  }

  /**
   * The provider confirmed or refused a payment (webhook, or inline for wallet). Runs in the
   * transaction that settles the payment. Succeeded: the order becomes paid; a payment that
   * arrives for an order already cancelled (expired) or paid is refunded to the wallet.
   */
  async function onPaymentSettled(ctx: Ctx, e: { payment: Payment; status: "succeeded" | "failed" }): Promise<void> {
    const sys = system(ctx);
    const order = await orders.lockOrder(sys, e.payment.orderId);
    if (e.status === "failed") {
      if (order.status !== "pending_payment") return;
      await notifications.sendEmail(sys, {
        template: "payment_failed",
        to: order.email,
        data: {
          ...orderRef(order),
          amount: { minor: e.payment.amountMinor, currency: e.payment.currency },
          method: e.payment.provider,
          reason: e.payment.failureReason ?? "The payment was declined",
          payBefore: order.expiresAt ?? undefined,
        },
        dedupeKey: `payment_failed:${e.payment.id}`,
      });
      return;
    }
    if (order.status === "pending_payment") {
      const paid = await orders.transitionOrder(sys, order, "paid", `payment ${e.payment.id} (${e.payment.provider})`);
      // Another attempt still open at a gateway cannot pay this order any more.
      await payments.cancelPendingPayments(sys, order.id);
      await notifications.sendEmail(sys, {
        template: "payment_received",
        to: paid.email,
        data: {
          ...orderRef(paid),
          amount: { minor: e.payment.amountMinor, currency: e.payment.currency },
          method: e.payment.provider,
          receipt: e.payment.receipt ?? undefined,
        },
        dedupeKey: `payment_received:${e.payment.id}`,
      });
      return;
    }
    // Money arrived for an order that can no longer take it: give it back, never keep it silently
    // (through the provider that took it, e.g. a Stripe refund, else to the shopper's wallet).
    if (order.userId || payments.refundsToSource(e.payment.provider)) {
      await payments.refundPayment(sys, {
        paymentId: e.payment.id,
        reason: `Payment for ${order.number} arrived after the order was ${order.status}`,
      });
    } else {
      // A guest has no wallet, and this provider cannot send money back: a person handles it.
      await payments.flagPayment(
        sys,
        e.payment.id,
        `Paid after order ${order.number} was ${order.status}; refund the guest by hand`,
      );
    }
  }

  /** The shopper (or an admin) cancels an unpaid order: stock back, pending payments cancelled. */
  async function cancelOrder(ctx: Ctx, orderId: string, reason?: string): Promise<Order> {
    return withTx(ctx, async (tx) => {
      const order = await orders.lockOrder(tx, orderId);
      if (order.status !== "pending_payment") {
        // A paid order is cancelled through setOrderStatus (admins), which also refunds it.
        throw new ConflictError(
          "ORDER_NOT_CANCELLABLE",
          `An order that is ${order.status} can no longer be cancelled here`,
        );
      }
      return cancel(tx, order, reason ?? "cancelled by the shopper");
    });
  }

  /**
   * A new payment attempt for an unpaid order (the last one failed, or the shopper switches
   * method): any attempt still pending is cancelled, the new one starts like at checkout.
   * Throws 404 (not the caller's order), 409 ORDER_NOT_PAYABLE (paid, cancelled or expired).
   */
  async function payOrder(
    ctx: Ctx,
    orderId: string,
    input: { paymentMethod: PaymentMethod; phoneNumber?: string },
  ): Promise<{ order: Order; payment: Payment }> {
    const created = await withTx(ctx, async (tx) => {
      const order = await orders.lockOrder(tx, orderId);
      if (order.status !== "pending_payment" || (order.expiresAt && order.expiresAt <= new Date())) {
        throw new ConflictError("ORDER_NOT_PAYABLE", `An order that is ${order.status} takes no new payment`);
      }
      if (input.paymentMethod === "wallet" && !order.userId) {
        throw new BusinessRuleError("WALLET_NEEDS_ACCOUNT", "Paying from a wallet needs a signed-in shopper");
      }
      await payments.cancelPendingPayments(system(tx), order.id);
      const payment = await payments.createPayment(tx, {
        orderId: order.id,
        userId: order.userId,
        provider: input.paymentMethod,
        amountMinor: order.totalMinor,
        currency: order.currency,
        phoneNumber: input.phoneNumber ?? order.phoneNumber,
        description: `Order ${order.number}`,
      });
      return { payment };
    });
    const payment = created.payment.status === "pending" ? await startOrFail(ctx, created.payment.id) : created.payment;
    return { order: await orders.getOrder(system(ctx), orderId), payment };
  }

  async function startOrFail(ctx: Ctx, paymentId: string): Promise<Payment> {
    try {
      return await payments.startPayment(system(ctx), paymentId);
    } catch (err) {
      ctx.log.warn({ err, payment_id: paymentId }, "payment could not be started");
      // The provider's own problem (e.g. M-Pesa refusing the number) tells the shopper more.
      if (err instanceof AppError) throw err;
      throw new UpstreamError(
        "PAYMENT_START_FAILED",
        "The order is kept but its payment could not be started at the gateway; try again (a checkout with the same Idempotency-Key)",
      );
    }
  }

  async function cancel(tx: Ctx, order: Order, reason: string): Promise<Order> {
    const cancelled = await orders.transitionOrder(tx, order, "cancelled", reason);
    await releaseFor(tx, order);
    await payments.cancelPendingPayments(system(tx), order.id);
    return cancelled;
  }

  /** Gives back the stock of the order's items that had not left the warehouse. */
  async function releaseFor(tx: Ctx, order: Order): Promise<void> {
    const lines = order.items
      .filter((i) => i.stockReserved > 0 && (i.status === "pending" || i.status === "ordered"))
      .map((i) => ({ productId: i.productId, quantity: i.stockReserved }));
    await catalog.releaseStock(tx, lines);
  }

  /** The expiry job: an order still unpaid after its window is cancelled and its stock released. */
  async function expireOrder(ctx: Ctx, orderId: string, now = new Date()): Promise<"expired" | "skipped"> {
    return withTx(system(ctx), async (tx) => {
      let order: Order;
      try {
        order = await orders.lockOrder(tx, orderId);
      } catch (err) {
        if (err instanceof NotFoundError) return "skipped"; // a vanished target is not an error
        throw err;
      }
      if (order.status !== "pending_payment" || !order.expiresAt || order.expiresAt > now) return "skipped";
      const expired = await cancel(tx, order, "payment window expired");
      await notifications.sendEmail(tx, {
        template: "order_expired",
        to: expired.email,
        data: { ...orderRef(expired), expiredAfterMinutes: Math.round(deps.paymentTimeoutSeconds / 60) },
        dedupeKey: `order_expired:${order.id}`,
      });
      return "expired";
    });
  }

  /** Cron safety net: expires every overdue order (e.g. one whose expiry job was lost). */
  async function expireOverdueOrders(ctx: Ctx, now = new Date()): Promise<number> {
    let expired = 0;
    for (const id of await orders.listOverdueOrderIds(system(ctx), now)) {
      if ((await expireOrder(ctx, id, now)) === "expired") expired++;
    }
    return expired;
  }

  /**
   * An admin moves an order through its state machine. Cancelling or refunding a paid order
   * refunds what is left of each succeeded payment through payments.refundPayment: back through
   * the provider that took it (Stripe), else to the shopper's wallet. Throws 409
   * ILLEGAL_STATUS_TRANSITION, 422 REFUND_NEEDS_ACCOUNT (a guest's payment only a wallet could take
   * back), 502 PAYMENT_GATEWAY_ERROR (nothing changes).
   */
  async function setOrderStatus(ctx: Ctx, orderId: string, to: OrderStatus, reason?: string): Promise<Order> {
    if (to === "partially_refunded") {
      throw new BusinessRuleError(
        "PARTIAL_REFUND_NEEDS_AMOUNT",
        "A partial refund needs an amount (POST /api/admin/orders/:id/refunds); it is not a status to set",
      );
    }
    return withTx(ctx, async (tx) => {
      const order = await orders.lockOrder(tx, orderId);
      const wasPaid = order.status !== "pending_payment" && order.status !== "cancelled";
      const refunds = (to === "cancelled" || to === "refunded") && wasPaid;
      const open = refunds ? await refundablePayments(tx, order) : [];
      const changed =
        to === "cancelled"
          ? await cancel(tx, order, reason ?? "cancelled by an admin")
          : await orders.transitionOrder(tx, order, to, reason);
      if (to === "refunded") await releaseFor(tx, order);
      // Gateway calls come last: a refusal rolls the status change back with them.
      for (const { payment, remaining } of open) {
        await payments.refundPayment(system(tx), {
          paymentId: payment.id,
          amountMinor: remaining,
          reason: reason ? `Refund of ${order.number}: ${reason}` : `Refund of ${order.number}`,
        });
      }
      return changed;
    });
  }

  /**
   * Gives back part (or the rest) of what a paid order took: the amount is drawn from its succeeded
   * payments, newest first, each through payments.refundPayment. The order becomes
   * partially_refunded, or refunded (stock not yet shipped released) once nothing is left. Throws
   * 409 ORDER_NOT_REFUNDABLE (unpaid, cancelled, refunded), 422 REFUND_EXCEEDS_PAID,
   * REFUND_NEEDS_ACCOUNT, 502 PAYMENT_GATEWAY_ERROR (nothing changes).
   */
  async function refundOrder(
    ctx: Ctx,
    orderId: string,
    input: { amountMinor: number; reason: string },
  ): Promise<{ order: Order; refunds: Refund[] }> {
    return withTx(ctx, async (tx) => {
      const order = await orders.lockOrder(tx, orderId);
      if (!["paid", "processing", "shipped", "delivered", "partially_refunded"].includes(order.status)) {
        throw new ConflictError("ORDER_NOT_REFUNDABLE", `An order that is ${order.status} takes no refund`);
      }
      const open = await refundablePayments(tx, order);
      const left = open.reduce((sum, p) => sum + p.remaining, 0);
      if (input.amountMinor > left) {
        throw new BusinessRuleError(
          "REFUND_EXCEEDS_PAID",
          `Only ${order.currency} ${formatMinor(left, order.currency)} of ${order.number} is left to refund`,
        );
      }
      const full = input.amountMinor === left;
      let changed = order;
      if (full) {
        changed = await orders.transitionOrder(tx, order, "refunded", input.reason);
        await releaseFor(tx, order);
      } else if (order.status !== "partially_refunded") {
        changed = await orders.transitionOrder(tx, order, "partially_refunded", input.reason);
      }
      const made: Refund[] = [];
      let due = input.amountMinor;
      for (const { payment, remaining } of [...open].reverse()) {
        if (due === 0) break;
        const amountMinor = Math.min(due, remaining);
        made.push(
          await payments.refundPayment(system(tx), {
            paymentId: payment.id,
            amountMinor,
            reason: `Refund of ${order.number}: ${input.reason}`,
          }),
        );
        due -= amountMinor;
      }
      return { order: changed, refunds: made };
    });
  }

  /** Succeeded payments of an order with something left to refund; 422 when one cannot be refunded. */
  async function refundablePayments(tx: Ctx, order: Order): Promise<{ payment: Payment; remaining: number }[]> {
    const out: { payment: Payment; remaining: number }[] = [];
    for (const payment of await payments.listPaymentsForOrder(tx, order.id)) {
      const remaining = await payments.refundableMinor(tx, payment.id);
      if (remaining <= 0) continue;
      if (!order.userId && !payments.refundsToSource(payment.provider)) {
        throw new BusinessRuleError(
          "REFUND_NEEDS_ACCOUNT",
          `Guest orders are refunded to the original payment method, which ${payment.provider} cannot do`,
        );
      }
      out.push({ payment, remaining });
    }
    return out;
  }

  function orderRef(order: Order) {
    return { orderId: order.id, orderNumber: order.number, accessKey: orders.accessKeyFor(order) ?? undefined };
  }

  function confirmationData(order: Order) {
    return {
      ...orderRef(order),
      items: order.items.map((i) => ({
        title: i.title,
        quantity: i.quantity,
        unitPrice: { minor: i.unitPriceMinor, currency: i.currency },
        marketplace: i.marketplace.name,
      })),
      total: { minor: order.totalMinor, currency: order.currency },
    };
  }

  return {
    storeCurrency: catalog.storeCurrency,
    checkout,
    placeOrder,
    payOrder,
    onPaymentSettled,
    cancelOrder,
    expireOrder,
    expireOverdueOrders,
    setOrderStatus,
    refundOrder,
    orderCurrency: async (ctx: Ctx, orderId: string) => (await orders.getOrder(system(ctx), orderId)).currency,
  };
}

export type CheckoutModule = ReturnType<typeof createCheckoutModule>;

/** Checkout reads what the caller may not (a guest's own new order): as the system. */
function system(ctx: Ctx): Ctx {
  return { ...ctx, actor: { kind: "system" } };
}

function mergeLines(lines: StockLine[]): StockLine[] {
  const byId = new Map<string, number>();
  for (const l of lines) byId.set(l.productId, (byId.get(l.productId) ?? 0) + l.quantity);
  return [...byId.entries()].map(([productId, quantity]) => ({ productId, quantity }));
}

function toShipping(a: Address): ShippingAddress {
  return {
    name: a.name,
    phone_number: a.phoneNumber,
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    region: a.region,
    postal_code: a.postalCode,
    country: a.country,
  };
}

/** A stable hash of what the request asks for (key order does not matter). */
function hashRequest(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
