import { sql } from "drizzle-orm";
import type { Ctx } from "../../../platform/ctx.ts";
import { withTx } from "../../../platform/db.ts";
import { BusinessRuleError, ValidationError } from "../../../platform/errors.ts";
import { minorDigits } from "../../../platform/money.ts";
import * as repo from "../catalog.repo.ts";

export type FxRate = { currency: string; rate: string; updatedAt: Date };

// DEMO DEFAULTS, not market data: units of KES per 1 unit of each currency, inserted only when a
// currency has no rate yet. Production sets real rates with setFxRate (which re-prices products).
export const DEFAULT_FX_RATES_KES: Readonly<Record<string, string>> = {
  KES: "1",
  USD: "129.5",
  EUR: "140",
  GBP: "164",
  UGX: "0.035",
  TZS: "0.05",
};

const RATE_RE = /^\d{1,10}(\.\d{1,10})?$/;

export function createFxRates({ storeCurrency }: { storeCurrency: string }) {
  /** Inserts the demo default rates (re-based onto the store currency) where missing; idempotent. */
  async function ensureDefaultFxRates(ctx: Ctx): Promise<void> {
    const base = DEFAULT_FX_RATES_KES[storeCurrency];
    const values = base
      ? Object.entries(DEFAULT_FX_RATES_KES).map(([c, kes]) => sql`(${c}, ${kes}::numeric / ${base}::numeric)`)
      : [sql`(${storeCurrency}, 1::numeric)`];
    await ctx.db.execute(sql`
      insert into catalog.fx_rates (currency, rate)
      select v.currency, round(v.rate, 10) from (values ${sql.join(values, sql`, `)}) as v(currency, rate)
      on conflict (currency) do nothing`);
  }

  /** All rates, by currency code. */
  async function listFxRates(ctx: Ctx): Promise<FxRate[]> {
    return repo.selectRates(ctx.db);
  }

  /** The rate of a currency, or undefined when it has none. */
  async function findFxRate(ctx: Ctx, currency: string): Promise<string | undefined> {
    if (currency === storeCurrency) return (await repo.selectRate(ctx.db, currency)) ?? "1";
    return repo.selectRate(ctx.db, currency);
  }

  /**
   * Sets the rate of a currency (store units per 1 unit) and re-prices every product in it in one
   * UPDATE. Throws ValidationError for a malformed rate, BusinessRuleError for the store currency ≠ 1.
   */
  async function setFxRate(
    ctx: Ctx,
    currency: string,
    rate: string | number,
  ): Promise<{ currency: string; rate: string; productsRepriced: number }> {
    const text = String(rate).trim();
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw new ValidationError("Bad currency", [{ path: "currency", message: "must be an ISO 4217 code" }]);
    }
    if (!RATE_RE.test(text) || Number(text) <= 0) {
      throw new ValidationError("Bad fx rate", [{ path: "rate", message: "must be a positive decimal" }]);
    }
    if (currency === storeCurrency && Number(text) !== 1) {
      throw new BusinessRuleError("STORE_CURRENCY_RATE_FIXED", `The store currency ${storeCurrency} always has rate 1`);
    }
    return withTx(ctx, async (tx) => {
      await repo.upsertRate(tx.db, currency, text);
      const shift = minorDigits(storeCurrency) - minorDigits(currency);
      const productsRepriced = await repo.recomputeStorePrices(tx.db, currency, shift);
      return { currency, rate: text, productsRepriced };
    });
  }

  return { ensureDefaultFxRates, listFxRates, findFxRate, setFxRate };
}
