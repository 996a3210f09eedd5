import { PaymentsErrorCode as E } from "@sokoni/contracts";
import type { SQL } from "drizzle-orm";
import { type Ctx, isAdmin } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import { BusinessRuleError, NotFoundError, UnauthorizedError, ValidationError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { formatMinor } from "../../platform/money.ts";
import type { WalletModule } from "../wallet/index.ts";
import type { Payment, PaymentProvider, WebhookEvent, WebhookRequest } from "./payments.providers.ts";
import { createRefunds, findPaymentByReceipt, type Refund, stillCancelledOrFailed } from "./payments.refunds.ts";
import * as repo from "./payments.repo.ts";
import { createMockProvider, type MockGatewayConfig } from "./providers/mock/mock.provider.ts";
import { createStripeProvider, type StripeConfig } from "./providers/stripe/stripe.provider.ts";
import { createWalletProvider } from "./providers/wallet/wallet.provider.ts";

export type { Payment, PaymentProvider, WebhookEvent, WebhookRequest } from "./payments.providers.ts";
export type { Refund, RefundPaymentInput } from "./payments.refunds.ts";
export type PaymentStatus = repo.PaymentStatus;
export type PaymentProviderCode = repo.PaymentProviderCode;

export type CreatePaymentInput = {
  /** Chosen by the caller when it must know the id up front (checkout records it first). */
  id?: string;
  orderId: string;
  userId: string | null;
  provider: PaymentProviderCode;
  amountMinor: number;
  currency: string;
  phoneNumber?: string | null;
  /** What the shopper sees at the gateway ("Order SK-…"). */
  description?: string | null;
};

/** What a payment's settlement tells the orders side. Flagged payments tell nothing. */
export type PaymentSettled = { payment: Payment; status: "succeeded" | "failed" };
export type OnPaymentSettled = (ctx: Ctx, e: PaymentSettled) => Promise<void>;

export type WebhookResult = { payment: Payment; duplicate: boolean };

/** What a verified callback did: settled (or left) a payment, recorded refunds, or nothing. */
export type ReceivedWebhook =
  | { handled: "payment"; payment: Payment; duplicate: boolean }
  | { handled: "refund"; payment: Payment; refunds: Refund[]; duplicate: boolean }
  | { handled: "ignored"; type: string; duplicate: boolean };

/** stripe.apiBase unset: Stripe is not offered (PAYMENT_PROVIDER_UNAVAILABLE). */
export type PaymentsConfig = { publicUrl: string; mockGateway: MockGatewayConfig; stripe?: StripeConfig };

type Deps = {
  wallet: WalletModule;
  config: PaymentsConfig;
  /** Called in the settling transaction when a payment succeeds or fails. */
  onSettled: OnPaymentSettled;
  /** Extra or replacement providers (M-Pesa, Stripe, or fakes in tests). */
  providers?: PaymentProvider[];
};

export const MOCK_WEBHOOK_PATH = "/api/payments/mock/webhook";

export function createPaymentsModule({ wallet, config, onSettled, providers: extra = [] }: Deps) {
  const callbackBase = config.publicUrl.replace(/\/+$/, "");
  const providers = new Map<PaymentProviderCode, PaymentProvider>();
  for (const p of [
    createMockProvider(config.mockGateway, {
      callbackUrl: `${callbackBase}${MOCK_WEBHOOK_PATH}`,
      publicUrl: callbackBase,
    }),
    createWalletProvider(wallet, wallet.currency),
    ...(config.stripe?.apiBase ? [createStripeProvider(config.stripe, callbackBase)] : []),
    ...extra,
  ]) {
    providers.set(p.code, p);
  }

  function providerOf(code: PaymentProviderCode): PaymentProvider {
    const p = providers.get(code);
    if (!p) throw new BusinessRuleError(E.PAYMENT_PROVIDER_UNAVAILABLE, `Payments by ${code} are not available yet`);
    return p;
  }
  const refunds = createRefunds({ wallet, providerOf });

  /**
   * Creates the pending payment of an order; meant to run inside the checkout transaction. Inline
   * providers (wallet) settle here and onSettled runs in the same transaction. Throws
   * BusinessRuleError PAYMENT_PROVIDER_UNAVAILABLE, and whatever the provider refuses with
   * (INSUFFICIENT_FUNDS 422 for the wallet), which rolls the caller's transaction back.
   */
  async function createPayment(ctx: Ctx, input: CreatePaymentInput): Promise<Payment> {
    const provider = providerOf(input.provider);
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new ValidationError("A payment must be for more than zero", [], E.INVALID_AMOUNT);
    }
    return withTx(ctx, async (txCtx) => {
      const payment = await repo.insertPayment(txCtx.db, {
        id: input.id ?? newId(),
        orderId: input.orderId,
        userId: input.userId,
        provider: input.provider,
        amountMinor: provider.chargeableMinor?.(input.amountMinor, input.currency) ?? input.amountMinor,
        currency: input.currency,
        phoneNumber: input.phoneNumber ?? null,
        description: input.description ?? null,
        raw: {},
      });
      if (!provider.authorize) return payment;
      const result = await provider.authorize(txCtx, payment);
      if (result.status === "pending") return payment;
      const settled = await repo.updatePayment(txCtx.db, payment.id, {
        status: "succeeded",
        receipt: result.receipt ?? null,
        settledAt: new Date(),
      });
      if (!settled) throw new Error(`payment ${payment.id} vanished while authorizing`);
      txCtx.log.info({ paymentId: settled.id, provider: settled.provider }, "payment settled inline");
      await onSettled(txCtx, { payment: settled, status: "succeeded" });
      return settled;
    });
  }

  /**
   * Starts an asynchronous payment at its gateway (after the order committed): for the mock
   * gateway, opens a hosted-page session and stores its redirect_url. Idempotent: a payment that
   * is settled or already has its redirect_url is returned as it is. Throws NotFoundError
   * PAYMENT_NOT_FOUND, UpstreamError PAYMENT_GATEWAY_ERROR (502; the payment stays pending and
   * can be started again).
   */
  async function startPayment(ctx: Ctx, paymentId: string): Promise<Payment> {
    const payment = await getPayment(ctx, paymentId);
    const provider = providerOf(payment.provider);
    // A provider reference means the gateway already has it (an M-Pesa push must never be repeated).
    if (payment.status !== "pending" || payment.redirectUrl || payment.providerReference || !provider.initiate) {
      return payment;
    }
    const result = await provider.initiate(ctx, payment);
    const raw: Partial<Record<"request" | "response", unknown>> = {};
    if (result.raw?.request !== undefined) raw.request = result.raw.request;
    if (result.raw?.response !== undefined) raw.response = result.raw.response;
    const updated = await repo.updatePayment(
      ctx.db,
      payment.id,
      {
        redirectUrl: result.redirectUrl ?? null,
        providerReference: result.providerReference ?? null,
        ...(Object.keys(raw).length > 0 ? { rawMerge: raw } : {}),
      },
      repo.noRedirectYet,
    );
    // Lost a race with a concurrent start: the gateway is idempotent per payment, so theirs is ours.
    return updated ?? getPayment(ctx, paymentId);
  }

  /** A payment by id. Throws NotFoundError PAYMENT_NOT_FOUND. Callers check who may see it. */
  async function getPayment(ctx: Ctx, id: string): Promise<Payment> {
    const row = await repo.findPayment(ctx.db, id);
    if (!row) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `No payment with id ${id}`);
    return row;
  }

  /** Every payment attempt of an order, oldest first. */
  async function listPaymentsForOrder(ctx: Ctx, orderId: string): Promise<Payment[]> {
    return repo.listForOrder(ctx.db, orderId);
  }

  /** The order was cancelled or expired: its pending payments become cancelled. Returns them. */
  async function cancelPendingPayments(ctx: Ctx, orderId: string): Promise<Payment[]> {
    return repo.cancelPending(ctx.db, orderId, "The order was cancelled before it was paid");
  }

  /**
   * A gateway callback: verify → record → settle, idempotently. Throws UnauthorizedError
   * INVALID_SIGNATURE (nothing is stored), ValidationError INVALID_WEBHOOK, NotFoundError
   * PAYMENT_NOT_FOUND. A duplicate, or any callback for a payment no longer pending, changes
   * nothing, except a success for a cancelled payment, which is flagged (money moved). An amount
   * or currency mismatch flags the payment and tells onSettled nothing.
   */
  async function handleWebhook(ctx: Ctx, code: PaymentProviderCode, req: WebhookRequest): Promise<WebhookResult> {
    const provider = providerOf(code);
    if (!provider.parseWebhook) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `${code} sends no webhooks`);
    const event = provider.parseWebhook(req);
    if ("kind" in event) {
      throw new ValidationError(`A ${event.kind} event is not a payment's outcome`, [], E.INVALID_WEBHOOK);
    }
    return applyEvent(ctx, code, event);
  }

  /**
   * Any verified callback of a provider that also reports refunds and other events (Stripe):
   * payment outcomes are settled like handleWebhook does, refund reports recorded, other events
   * acknowledged, each event once (by its key). Throws UnauthorizedError INVALID_SIGNATURE (nothing
   * is stored), ValidationError INVALID_WEBHOOK, NotFoundError PAYMENT_NOT_FOUND.
   */
  async function receiveWebhook(ctx: Ctx, code: PaymentProviderCode, req: WebhookRequest): Promise<ReceivedWebhook> {
    const provider = providerOf(code);
    if (!provider.parseWebhook) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `${code} sends no webhooks`);
    const event = provider.parseWebhook(req);
    if (!("kind" in event)) return { handled: "payment", ...(await applyEvent(ctx, code, event)) };
    if (event.kind === "ignored") {
      const first = await repo.recordWebhookEvent(ctx.db, {
        provider: code,
        eventKey: event.eventKey,
        paymentId: null,
        payload: event.payload,
      });
      return { handled: "ignored", type: event.type, duplicate: !first };
    }
    return withTx(ctx, async (tx) => {
      let payment: Payment | undefined;
      if (event.paymentId) payment = await repo.findPayment(tx.db, event.paymentId, { lock: true });
      if (!payment && event.receipt) payment = await findPaymentByReceipt(tx.db, code, event.receipt);
      if (!payment || payment.provider !== code) {
        throw new NotFoundError(E.PAYMENT_NOT_FOUND, "The webhook names no payment of this provider");
      }
      const first = await repo.recordWebhookEvent(tx.db, {
        provider: code,
        eventKey: event.eventKey,
        paymentId: payment.id,
        payload: event.payload,
      });
      if (!first) return { handled: "refund", payment, refunds: [], duplicate: true };
      await repo.appendCallback(tx.db, payment.id, event.payload);
      const recorded = await refunds.applyRefundEvent(tx, payment, event);
      return { handled: "refund", payment, refunds: recorded, duplicate: false };
    });
  }

  /**
   * Records and settles a verified, parsed gateway event (a webhook, or a status query's answer)
   * exactly like handleWebhook does. Throws NotFoundError PAYMENT_NOT_FOUND.
   */
  async function applyEvent(ctx: Ctx, code: PaymentProviderCode, event: WebhookEvent): Promise<WebhookResult> {
    return withTx(ctx, async (txCtx) => {
      // The row lock makes parallel deliveries of one payment's callbacks take turns.
      const payment = await lockPaymentOf(txCtx, code, event);
      const first = await repo.recordWebhookEvent(txCtx.db, {
        provider: code,
        eventKey: event.eventKey,
        paymentId: payment.id,
        payload: event.payload,
      });
      if (!first) {
        txCtx.log.info({ paymentId: payment.id, provider: code }, "duplicate webhook ignored");
        return { payment, duplicate: true };
      }
      await repo.appendCallback(txCtx.db, payment.id, event.payload);
      if ((payment.status === "cancelled" || payment.status === "failed") && event.status === "succeeded") {
        // The shopper paid after the order was cancelled or expired, or after a declined attempt on
        // a page still open (Stripe Checkout lets them try another card): the money moved, so the
        // payment is settled like any other and onSettled decides (paid, or a refund, or a flag).
        return { payment: await settle(txCtx, payment, event, stillCancelledOrFailed), duplicate: false };
      }
      if (payment.status !== "pending") {
        txCtx.log.warn(
          { paymentId: payment.id, status: payment.status, reported: event.status },
          "webhook for a payment that is no longer pending; left unchanged",
        );
        return { payment: await getPayment(txCtx, payment.id), duplicate: false };
      }
      return { payment: await settle(txCtx, payment, event), duplicate: false };
    });
  }

  async function lockPaymentOf(ctx: Ctx, code: PaymentProviderCode, event: WebhookEvent): Promise<Payment> {
    let payment: Payment | undefined;
    if (event.paymentId) payment = await repo.findPayment(ctx.db, event.paymentId, { lock: true });
    else if (event.providerReference) {
      payment = await repo.findByProviderReference(ctx.db, code, event.providerReference, { lock: true });
    }
    if (!payment || payment.provider !== code) {
      throw new NotFoundError(E.PAYMENT_NOT_FOUND, "The webhook names no payment of this provider");
    }
    return payment;
  }

  async function settle(
    ctx: Ctx,
    payment: Payment,
    event: WebhookEvent,
    onlyIf: SQL = repo.stillPending,
  ): Promise<Payment> {
    if (event.status === "failed") {
      const failed = await mustUpdate(ctx, payment.id, {
        status: "failed",
        failureReason: event.failureReason ?? "The payment failed at the gateway",
        settledAt: new Date(),
      });
      ctx.log.info({ paymentId: payment.id }, "payment failed");
      await onSettled(ctx, { payment: failed, status: "failed" });
      return failed;
    }
    const mismatch = (providerOf(payment.provider).checkEvent ?? describeMismatch)(payment, event);
    if (mismatch) {
      // Money moved, but not the money we asked for: a person must look before the order is paid.
      const flagged = await mustUpdate(
        ctx,
        payment.id,
        { status: "flagged", failureReason: mismatch, receipt: event.receipt ?? null, settledAt: new Date() },
        onlyIf,
      );
      ctx.log.warn({ paymentId: payment.id, reason: mismatch }, "payment flagged");
      return flagged;
    }
    const paid = await mustUpdate(
      ctx,
      payment.id,
      {
        status: "succeeded",
        receipt: event.receipt ?? payment.providerReference ?? null,
        // A card declined and then accepted on the same page: the decline no longer describes it.
        failureReason: null,
        settledAt: new Date(),
      },
      onlyIf,
    );
    ctx.log.info({ paymentId: payment.id }, "payment succeeded");
    await onSettled(ctx, { payment: paid, status: "succeeded" });
    return paid;
  }

  async function mustUpdate(ctx: Ctx, id: string, patch: repo.PaymentPatch, onlyIf: SQL = repo.stillPending) {
    const row = await repo.updatePayment(ctx.db, id, patch, onlyIf);
    if (!row) throw new Error(`payment ${id} changed status while locked`);
    return row;
  }

  /**
   * Marks a succeeded payment for a person to look at (e.g. money that arrived for a guest order
   * already cancelled, which cannot be refunded automatically yet). Returns the flagged payment.
   */
  async function flagPayment(ctx: Ctx, id: string, reason: string): Promise<Payment> {
    const row = await repo.updatePayment(ctx.db, id, { status: "flagged", failureReason: reason });
    if (!row) throw new NotFoundError(E.PAYMENT_NOT_FOUND, "No such payment");
    ctx.log.warn({ paymentId: id, reason }, "payment flagged");
    return row;
  }

  /**
   * Payments for the transactions page: a customer's own, every one for an admin. Throws
   * UnauthorizedError for an anonymous caller.
   */
  async function listTransactions(
    ctx: Ctx,
    q: { page: number; pageSize: number; status?: PaymentStatus; provider?: PaymentProviderCode },
  ): Promise<{ items: Payment[]; total: number }> {
    let userId: string | undefined;
    if (!isAdmin(ctx.actor)) {
      if (ctx.actor.kind !== "user") throw new UnauthorizedError();
      userId = ctx.actor.userId;
    }
    return repo.listPayments(
      ctx.db,
      { userId, status: q.status, provider: q.provider },
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
  }

  /**
   * Reconciliation: asks the gateway about every payment of `code` still pending (and started)
   * after the provider's reconcileAfterSeconds, and settles those it reports final through
   * applyEvent. Payments of expired or cancelled orders are no longer pending, so they are left
   * alone. One failing query is logged and skipped. Returns how many were checked and settled.
   */
  async function reconcilePending(
    ctx: Ctx,
    code: PaymentProviderCode,
    now = new Date(),
  ): Promise<{ checked: number; settled: number }> {
    const provider = providerOf(code);
    if (!provider.queryStatus) return { checked: 0, settled: 0 };
    const startedBefore = new Date(now.getTime() - (provider.reconcileAfterSeconds ?? 60) * 1000);
    const due = await repo.listPendingStarted(ctx.db, code, startedBefore, 100);
    let settled = 0;
    for (const payment of due) {
      try {
        const event = await provider.queryStatus(ctx, payment);
        if (!event) continue;
        await applyEvent(ctx, code, event);
        settled++;
      } catch (err) {
        ctx.log.warn({ err, paymentId: payment.id, provider: code }, "payment status query failed; retried later");
      }
    }
    return { checked: due.length, settled };
  }

  /**
   * A payment the customer started at the gateway (M-Pesa paybill, C2B): records it for the order
   * under the gateway's reference, then settles the callback like any other, in one transaction.
   * A repeat of the same callback is a duplicate. Throws what parseWebhook throws.
   */
  async function receivePayment(
    ctx: Ctx,
    code: PaymentProviderCode,
    input: Omit<CreatePaymentInput, "provider" | "id">,
    req: WebhookRequest,
  ): Promise<WebhookResult> {
    const provider = providerOf(code);
    if (!provider.parseWebhook) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `${code} sends no webhooks`);
    const event = provider.parseWebhook(req);
    if ("kind" in event || !event.providerReference)
      throw new ValidationError("The callback has no reference", [], E.INVALID_WEBHOOK);
    const reference = event.providerReference;
    return withTx(ctx, async (txCtx) => {
      if (!(await repo.findByProviderReference(txCtx.db, code, reference))) {
        await repo.insertPayment(txCtx.db, {
          id: newId(),
          orderId: input.orderId,
          userId: input.userId,
          provider: code,
          amountMinor: input.amountMinor,
          currency: input.currency,
          phoneNumber: input.phoneNumber ?? null,
          providerReference: reference,
          raw: {},
        });
      }
      return applyEvent(txCtx, code, event);
    });
  }

  return {
    createPayment,
    startPayment,
    applyEvent,
    reconcilePending,
    receivePayment,
    getPayment,
    listPaymentsForOrder,
    cancelPendingPayments,
    handleWebhook,
    receiveWebhook,
    flagPayment,
    refundPayment: refunds.refundPayment,
    refundableMinor: refunds.refundableMinor,
    refundsToSource: refunds.refundsToSource,
    listRefunds: refunds.listRefunds,
    listTransactions,
  };
}

export type PaymentsModule = ReturnType<typeof createPaymentsModule>;

function describeMismatch(payment: Payment, event: WebhookEvent): string | undefined {
  const expected = `${payment.currency} ${formatMinor(payment.amountMinor, payment.currency)}`;
  if (event.currency !== payment.currency) {
    return `Currency mismatch: expected ${expected}, the gateway reported ${event.currency}`;
  }
  if (event.amountMinor !== payment.amountMinor) {
    const got =
      event.amountMinor === null
        ? "an unreadable amount"
        : `${event.currency} ${formatMinor(event.amountMinor, event.currency)}`;
    return `Amount mismatch: expected ${expected}, the gateway reported ${got}`;
  }
  return undefined;
}
