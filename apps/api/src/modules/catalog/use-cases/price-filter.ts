import { ValidationError } from "../../../platform/errors.ts";
import { MoneyFormatError, toMinor } from "../../../platform/money.ts";

/**
 * A price filter's bounds (store-currency major units, as the shopper typed them) in minor units.
 * Throws ValidationError naming the field for a malformed amount or min above max.
 */
export function priceBounds(
  storeCurrency: string,
  min: string | number | undefined,
  max: string | number | undefined,
): { minStoreMinor?: number; maxStoreMinor?: number } {
  const minStoreMinor = toStoreMinor(storeCurrency, min, "min_price");
  const maxStoreMinor = toStoreMinor(storeCurrency, max, "max_price");
  if (minStoreMinor !== undefined && maxStoreMinor !== undefined && minStoreMinor > maxStoreMinor) {
    throw new ValidationError("min_price is above max_price", [
      { path: "max_price", message: "must not be below min_price" },
    ]);
  }
  return { minStoreMinor, maxStoreMinor };
}

function toStoreMinor(storeCurrency: string, amount: string | number | undefined, path: string): number | undefined {
  if (amount === undefined) return undefined;
  try {
    return toMinor(amount, storeCurrency);
  } catch (err) {
    if (!(err instanceof MoneyFormatError)) throw err;
    throw new ValidationError("The price filter is not valid", [{ path, message: err.message }]);
  }
}
