import { z } from "zod";
import { CurrencyCode, MoneyInput, MoneyString, pageOf, Timestamp } from "./common.ts";

/** Error codes of the wallet; the UI switches on these, never on message text. */
export const WalletErrorCode = {
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  WALLET_REFERENCE_CONFLICT: "WALLET_REFERENCE_CONFLICT",
  WALLET_CURRENCY_MISMATCH: "WALLET_CURRENCY_MISMATCH",
  INVALID_AMOUNT: "INVALID_AMOUNT",
  USER_NOT_FOUND: "USER_NOT_FOUND",
} as const;
export type WalletErrorCode = (typeof WalletErrorCode)[keyof typeof WalletErrorCode];

export const WalletEntryKind = z.enum(["credit", "payment", "refund", "adjustment"]);
export type WalletEntryKind = z.infer<typeof WalletEntryKind>;

export const WalletEntryResponse = z.object({
  id: z.uuid(),
  amount: MoneyString.describe("Signed: positive credits the wallet, negative spends from it"),
  currency: CurrencyCode,
  kind: WalletEntryKind,
  reason: z.string(),
  reference: z.string().nullable().describe("Order or payment id the entry belongs to"),
  created_at: Timestamp,
});
export type WalletEntryResponse = z.infer<typeof WalletEntryResponse>;

export const WalletResponse = z.object({
  balance: MoneyString,
  currency: CurrencyCode,
  entries: pageOf(WalletEntryResponse).describe("Ledger entries, newest first"),
});
export type WalletResponse = z.infer<typeof WalletResponse>;

export const WalletCreditBody = z
  .object({
    amount: MoneyInput.describe("Amount to credit in the store currency, greater than zero"),
    reason: z.string().trim().min(1).max(200).describe("Why the wallet is credited (shown to the customer)"),
  })
  .strict();
export type WalletCreditBody = z.infer<typeof WalletCreditBody>;

export const WalletUserParams = z.object({ user_id: z.uuid() });
