import { WalletErrorCode as E } from "@sokoni/contracts";
import type { Ctx } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PG_FOREIGN_KEY_VIOLATION,
  pgErrorCode,
  ValidationError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { formatMinor } from "../../platform/money.ts";
import * as repo from "./wallet.repo.ts";

/** One immutable ledger line: positive credits the wallet, negative spends from it. */
export type WalletEntry = repo.EntryRow;
export type WalletEntryKind = repo.EntryKind;

export type CreditInput = {
  userId: string;
  amountMinor: number;
  reason: string;
  /** `refund` for money coming back from an order; default `credit`. */
  kind?: "credit" | "refund";
  /** Order or payment id; a repeat with the same (kind, reference) returns the first entry. */
  reference?: string;
  createdBy?: string;
};

export type DebitInput = { userId: string; amountMinor: number; reason: string; reference: string };

type Deps = { storeCurrency: string };

export function createWalletModule({ storeCurrency }: Deps) {
  /** The balance of a user's wallet in the store currency (0 for a wallet never used). */
  async function getBalance(ctx: Ctx, userId: string): Promise<{ balanceMinor: number; currency: string }> {
    return { balanceMinor: await repo.sumBalance(ctx.db, userId), currency: storeCurrency };
  }

  /** A page of the user's ledger, newest first. */
  async function listEntries(
    ctx: Ctx,
    userId: string,
    { page, pageSize }: { page: number; pageSize: number },
  ): Promise<{ items: WalletEntry[]; total: number }> {
    return repo.listEntries(ctx.db, userId, { limit: pageSize, offset: (page - 1) * pageSize });
  }

  /**
   * Adds money to a wallet. Idempotent on (kind, reference). Throws NotFoundError (USER_NOT_FOUND)
   * for an unknown user, ValidationError (INVALID_AMOUNT) for a non-positive amount.
   */
  async function credit(ctx: Ctx, input: CreditInput): Promise<WalletEntry> {
    assertPositive(input.amountMinor);
    const kind = input.kind ?? "credit";
    return change(ctx, input.userId, async (txCtx) => {
      if (input.reference !== undefined) {
        const existing = await repo.findByReference(txCtx.db, kind, input.reference);
        if (existing) return sameOrConflict(existing, input.userId, input.amountMinor);
      }
      return insert(txCtx, {
        userId: input.userId,
        amountMinor: input.amountMinor,
        kind,
        reason: input.reason,
        reference: input.reference ?? null,
        createdBy: input.createdBy ?? null,
      });
    });
  }

  /**
   * Spends from a wallet (a `payment` entry). Idempotent on reference. Throws BusinessRuleError
   * (INSUFFICIENT_FUNDS, 422) when the balance does not cover it; nothing is written then.
   */
  async function debit(ctx: Ctx, input: DebitInput): Promise<WalletEntry> {
    assertPositive(input.amountMinor);
    return change(ctx, input.userId, async (txCtx) => {
      // The usual case in one statement: the balance covers it and the reference is new.
      const inserted = await repo.insertDebitIfCovered(txCtx.db, {
        id: newId(),
        userId: input.userId,
        amountMinor: -input.amountMinor,
        currency: storeCurrency,
        kind: "payment",
        reason: input.reason,
        reference: input.reference,
        createdBy: null,
      });
      if (inserted) return inserted;
      const existing = await repo.findByReference(txCtx.db, "payment", input.reference);
      if (existing) return sameOrConflict(existing, input.userId, -input.amountMinor);
      const balance = await repo.sumBalance(txCtx.db, input.userId);
      throw new BusinessRuleError(
        E.INSUFFICIENT_FUNDS,
        `The wallet holds ${storeCurrency} ${formatMinor(balance, storeCurrency)}, not enough for ${storeCurrency} ${formatMinor(input.amountMinor, storeCurrency)}`,
      );
    });
  }

  /** Runs a balance change with the wallet row locked, so changes of one wallet serialize. */
  async function change(ctx: Ctx, userId: string, fn: (txCtx: Ctx) => Promise<WalletEntry>): Promise<WalletEntry> {
    try {
      return await withTx(ctx, async (txCtx) => {
        const account = await repo.lockAccount(txCtx.db, userId, storeCurrency);
        if (account.currency !== storeCurrency) {
          throw new ConflictError(E.WALLET_CURRENCY_MISMATCH, `This wallet is kept in ${account.currency}`);
        }
        return fn(txCtx);
      });
    } catch (err) {
      if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION) {
        throw new NotFoundError(E.USER_NOT_FOUND, `No user with id ${userId}`);
      }
      throw err;
    }
  }

  async function insert(ctx: Ctx, values: Omit<repo.NewEntryRow, "id" | "currency">): Promise<WalletEntry> {
    const row = await repo.insertEntry(ctx.db, { id: newId(), currency: storeCurrency, ...values });
    if (row) return row;
    // Another wallet's entry already holds this (kind, reference).
    const other = values.reference ? await repo.findByReference(ctx.db, values.kind, values.reference) : undefined;
    if (other) return sameOrConflict(other, values.userId, values.amountMinor);
    throw new Error("wallet entry insert returned no row");
  }

  return { currency: storeCurrency, getBalance, listEntries, credit, debit };
}

export type WalletModule = ReturnType<typeof createWalletModule>;

function assertPositive(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new ValidationError(
      "The amount must be greater than zero",
      [{ path: "amount", message: "must be > 0" }],
      E.INVALID_AMOUNT,
    );
  }
}

/** A repeated reference is fine when it describes the same movement; anything else is a bug upstream. */
function sameOrConflict(existing: WalletEntry, userId: string, amountMinor: number): WalletEntry {
  if (existing.userId !== userId || existing.amountMinor !== amountMinor) {
    throw new ConflictError(
      E.WALLET_REFERENCE_CONFLICT,
      `Reference ${existing.reference} is already used by another ${existing.kind} entry`,
    );
  }
  return existing;
}
