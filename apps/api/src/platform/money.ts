/**
 * Money is integer minor units plus an ISO 4217 currency; the API shows decimal strings in major
 * units ("1499.00"). Nothing here touches floating point once a value is parsed.
 */

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits of a currency (KES 2, USD 2, JPY 0), from the ICU tables. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {}

/**
 * Parses a major-unit amount given as a number or a decimal string into minor units.
 * Refuses negatives, more decimals than the currency has, and anything not a plain decimal.
 */
export function toMinor(value: number | string, currency: string): number {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new MoneyFormatError("must be a non-negative decimal amount");
  const digits = minorDigits(currency);
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (frac.replace(/0+$/, "").length > digits) {
    throw new MoneyFormatError(`must have at most ${digits} decimal places for ${currency}`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt((frac + "0".repeat(digits)).slice(0, digits) || "0");
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyFormatError("is too large");
  return Number(minor);
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "invalid";
  // toString gives the shortest round-tripping form (19.99 → "19.99"); exponents mean out of range.
  const s = n.toString();
  return s.includes("e") ? "invalid" : s;
}

/** Minor units → "1499.00" (major units, fixed decimals of the currency). */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const abs = BigInt(Math.abs(minor));
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const frac = abs % scale;
  const body = digits === 0 ? `${whole}` : `${whole}.${frac.toString().padStart(digits, "0")}`;
  return negative ? `-${body}` : body;
}

const RATE_SCALE_DIGITS = 10;

/**
 * Converts minor units of `from` into minor units of `to` with a decimal rate string
 * ("1 from = rate to"), rounding half up. Exact: the rate is scaled into a bigint.
 */
export function convertMinor(minor: number, from: string, to: string, rate: string): number {
  if (from === to) return minor;
  const m = DECIMAL_RE.exec(rate.trim());
  if (!m) throw new MoneyFormatError(`bad fx rate ${rate}`);
  const frac = (m[2] ?? "").padEnd(RATE_SCALE_DIGITS, "0").slice(0, RATE_SCALE_DIGITS);
  const scaledRate = BigInt(m[1] ?? "0") * 10n ** BigInt(RATE_SCALE_DIGITS) + BigInt(frac);
  const shift = minorDigits(to) - minorDigits(from);
  let numerator = BigInt(minor) * scaledRate;
  let denominator = 10n ** BigInt(RATE_SCALE_DIGITS);
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  else if (shift < 0) denominator *= 10n ** BigInt(-shift);
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
