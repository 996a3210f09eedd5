import { PaymentsErrorCode as E } from "@sokoni/contracts";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Ctx } from "../../platform/ctx.ts";
import { type Db, withTx } from "../../platform/db.ts";
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { formatMinor } from "../../platform/money.ts";
import type { WalletModule } from "../wallet/index.ts";
import type { Payment, PaymentProvider, RefundWebhookEvent } from "./payments.providers.ts";
import * as repo from "./payments.repo.ts";
import { payments, refunds } from "./payments.tables.ts";

export type Refund = typeof refunds.$inferSelect;
type NewRefund = typeof refunds.$inferInsert;

export type RefundPaymentInput = {
  paymentId: string;
  /** Default: whatever of the payment has not been refunded yet. */
  amountMinor?: number;
  reason: string;
};

type Deps = {
  wallet: WalletModule;
  providerOf: (code: Payment["provider"]) => PaymentProvider;
};

/**
 * Refunds through the provider that took the money (Stripe: an API refund on the payment intent),
 * or to the shopper's wallet for providers that cannot send money back (wallet, mock, M-Pesa whose
 * B2C reversal most merchants cannot use). Each refund is a row of payments.refunds.
 */
export function createRefunds({ wallet, providerOf }: Deps) {
  /** Whether refunds of this provider's payments go back to the source (no wallet, so guests too). */
  function refundsToSource(code: Payment["provider"]): boolean {
    return Boolean(providerOf(code).refund);
  }

  /** What of a payment is still refundable, in its minor units (0 unless it succeeded). */
  async function refundableMinor(ctx: Ctx, paymentId: string): Promise<number> {
    const payment = await repo.findPayment(ctx.db, paymentId);
    if (payment?.status !== "succeeded") return 0;
    return payment.amountMinor - (await refundedMinor(ctx.db, paymentId));
  }

  /**
   * Gives back `amountMinor` (default: the rest) of a succeeded payment. Runs in the caller's
   * transaction when there is one; the gateway call comes last so a refusal rolls everything back.
   * Throws NotFoundError PAYMENT_NOT_FOUND, ConflictError PAYMENT_NOT_REFUNDABLE (not succeeded) /
   * PAYMENT_ALREADY_REFUNDED, BusinessRuleError REFUND_EXCEEDS_PAYMENT / REFUND_NEEDS_ACCOUNT (a
   * guest's payment that only a wallet could take back), UpstreamError PAYMENT_GATEWAY_ERROR.
   */
  async function refundPayment(ctx: Ctx, input: RefundPaymentInput): Promise<Refund> {
    return withTx(ctx, async (tx) => {
      const payment = await repo.findPayment(tx.db, input.paymentId, { lock: true });
      if (!payment) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `No payment with id ${input.paymentId}`);
      if (payment.status !== "succeeded") {
        throw new ConflictError(E.PAYMENT_NOT_REFUNDABLE, `A payment that is ${payment.status} cannot be refunded`);
      }
      const already = await refundedMinor(tx.db, payment.id);
      const remaining = payment.amountMinor - already;
      if (remaining <= 0) throw new ConflictError(E.PAYMENT_ALREADY_REFUNDED, "This payment is already refunded");
      const amountMinor = input.amountMinor ?? remaining;
      if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
        throw new ValidationError("A refund must be for more than zero", [{ path: "amount", message: "must be > 0" }]);
      }
      if (amountMinor > remaining) {
        throw new BusinessRuleError(
          E.REFUND_EXCEEDS_PAYMENT,
          `Only ${payment.currency} ${formatMinor(remaining, payment.currency)} of this payment is left to refund`,
        );
      }
      const provider = providerOf(payment.provider);
      const base = {
        paymentId: payment.id,
        orderId: payment.orderId,
        provider: payment.provider,
        amountMinor,
        currency: payment.currency,
        reason: input.reason,
      } satisfies Partial<NewRefund>;
      const id = newId();

      if (!provider.refund) {
        if (!payment.userId) {
          throw new BusinessRuleError(
            E.REFUND_NEEDS_ACCOUNT,
            `A guest's ${payment.provider} payment cannot be refunded automatically: there is no wallet to credit`,
          );
        }
        if (payment.currency !== wallet.currency) {
          throw new BusinessRuleError(
            E.PAYMENT_NOT_REFUNDABLE,
            `The wallet holds ${wallet.currency}, not ${payment.currency}`,
          );
        }
        const entry = await wallet.credit(tx, {
          userId: payment.userId,
          amountMinor,
          kind: "refund",
          reason: input.reason,
          reference: `refund:${id}`,
        });
        tx.log.info({ paymentId: payment.id, refundId: id, amountMinor }, "payment refunded to the wallet");
        return insertRefund(tx.db, { id, ...base, method: "wallet", status: "succeeded", providerReference: entry.id });
      }

      // Recorded before the gateway call; the gateway call is last, so if it fails nothing stays.
      await insertRefund(tx.db, { id, ...base, method: "provider", status: "pending" });
      const result = await provider.refund(tx, payment, {
        id,
        amountMinor,
        reason: input.reason,
        // The same refund retried after a rollback (same payment, same amount already refunded,
        // same amount) replays the gateway's first answer instead of refunding twice.
        idempotencyKey: `sokoni-refund-${payment.id}-${already}-${amountMinor}`,
      });
      tx.log.info(
        { paymentId: payment.id, refundId: id, amountMinor, reference: result.providerReference },
        "payment refunded at the gateway",
      );
      const [row] = await tx.db
        .update(refunds)
        .set({
          providerReference: result.providerReference,
          status: result.status,
          raw: result.raw ?? {},
          updatedAt: sql`now()`,
        })
        .where(eq(refunds.id, id))
        .returning();
      if (!row) throw new Error(`refund ${id} vanished`);
      return row;
    });
  }

  /**
   * A gateway's report of refunds (Stripe charge.refunded), in the transaction that holds the
   * payment's lock: updates the refunds Sokoni made, and records those made elsewhere (Stripe's
   * dashboard) so the books show every refund.
   */
  async function applyRefundEvent(ctx: Ctx, payment: Payment, event: RefundWebhookEvent): Promise<Refund[]> {
    const out: Refund[] = [];
    for (const r of event.refunds) {
      const [existing] = await ctx.db
        .select()
        .from(refunds)
        .where(and(eq(refunds.provider, payment.provider), eq(refunds.providerReference, r.providerReference)));
      if (existing) {
        if (existing.status === r.status) {
          out.push(existing);
          continue;
        }
        const [row] = await ctx.db
          .update(refunds)
          .set({ status: r.status, updatedAt: sql`now()` })
          .where(eq(refunds.id, existing.id))
          .returning();
        if (row) out.push(row);
        continue;
      }
      ctx.log.warn(
        { paymentId: payment.id, reference: r.providerReference },
        "a refund made outside Sokoni was recorded",
      );
      out.push(
        await insertRefund(ctx.db, {
          id: newId(),
          paymentId: payment.id,
          orderId: payment.orderId,
          provider: payment.provider,
          method: "provider",
          amountMinor: r.amountMinor,
          currency: r.currency || payment.currency,
          status: r.status,
          providerReference: r.providerReference,
          reason: "Refunded at the gateway, outside Sokoni",
          raw: { event: event.payload },
        }),
      );
    }
    return out;
  }

  /** A payment's refunds, oldest first. */
  async function listRefunds(ctx: Ctx, filter: { paymentId?: string; orderId?: string }): Promise<Refund[]> {
    const where = filter.paymentId
      ? eq(refunds.paymentId, filter.paymentId)
      : eq(refunds.orderId, filter.orderId ?? "");
    return ctx.db.select().from(refunds).where(where).orderBy(refunds.createdAt, refunds.id);
  }

  return { refundsToSource, refundableMinor, refundPayment, applyRefundEvent, listRefunds };
}

async function insertRefund(db: Db, values: NewRefund): Promise<Refund> {
  const [row] = await db.insert(refunds).values(values).returning();
  if (!row) throw new Error("refund insert returned no row");
  return row;
}

/** What of a payment was refunded or is being refunded (failed refunds do not count). */
async function refundedMinor(db: Db, paymentId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), ne(refunds.status, "failed")));
  return Number(row?.n ?? 0);
}

/** The payment whose gateway receipt (Stripe payment intent) is `receipt`, locked. */
export async function findPaymentByReceipt(
  db: Db,
  provider: Payment["provider"],
  receipt: string,
): Promise<Payment | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.receipt, receipt)))
    .for("update");
  return row;
}

/** Guards a late success: the payment was cancelled (order gone) or failed (a declined attempt). */
export const stillCancelledOrFailed = inArray(payments.status, ["cancelled", "failed"]);
