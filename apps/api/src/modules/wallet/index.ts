/**
 * wallet: a ledger of immutable entries per user in the store currency; balance = sum of entries.
 * The only import path for other modules.
 */
export { toWalletEntryResponse, walletRoutes } from "./wallet.routes.ts";
export {
  type CreditInput,
  createWalletModule,
  type DebitInput,
  type WalletEntry,
  type WalletEntryKind,
  type WalletModule,
} from "./wallet.service.ts";
