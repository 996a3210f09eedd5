import { PaymentsErrorCode as E } from "@sokoni/contracts";
import { BusinessRuleError } from "../../../../platform/errors.ts";
import type { WalletModule } from "../../../wallet/index.ts";
import type { PaymentProvider } from "../../payments.providers.ts";

/** Pays at once from the shopper's wallet, inside the checkout transaction. */
export function createWalletProvider(wallet: WalletModule, storeCurrency: string): PaymentProvider {
  return {
    code: "wallet",
    async authorize(ctx, payment) {
      if (!payment.userId) {
        throw new BusinessRuleError(E.WALLET_PAYMENT_NEEDS_ACCOUNT, "Sign in to pay from a wallet");
      }
      if (payment.currency !== storeCurrency) {
        throw new BusinessRuleError(
          E.PAYMENT_PROVIDER_UNAVAILABLE,
          `The wallet pays only in ${storeCurrency}, not ${payment.currency}`,
        );
      }
      // The payment id is the ledger reference, so a retried authorize never debits twice.
      const entry = await wallet.debit(ctx, {
        userId: payment.userId,
        amountMinor: payment.amountMinor,
        reason: `Payment for order ${payment.orderId}`,
        reference: payment.id,
      });
      return { status: "succeeded", receipt: entry.id };
    },
  };
}
