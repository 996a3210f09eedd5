import { minorDigits } from "../../../../platform/money.ts";

/** Safaricom's public sandbox Lipa na M-Pesa shortcode and passkey (protocols.md §1.8). */
export const SANDBOX_SHORTCODE = "174379";
export const SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

/** Daraja's limits on STK Push fields (protocols.md §1.2). */
export const ACCOUNT_REFERENCE_MAX = 12;
export const TRANSACTION_DESC_MAX = 13;
export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 250_000;

const nairobi = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Africa/Nairobi",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Daraja's Timestamp: YYYYMMDDHHmmss in Nairobi time (UTC+3, no daylight saving). */
export function darajaTimestamp(at: Date = new Date()): string {
  const parts = Object.fromEntries(nairobi.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

/** STK Push / Query Password: base64 of the plain concatenation shortcode + passkey + timestamp. */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`, "utf8").toString("base64");
}

/**
 * A Kenyan mobile number as Daraja wants it (2547XXXXXXXX or 2541XXXXXXXX), from what people type:
 * "0712 345 678", "+254712345678", "254712345678", "712345678". undefined when it is not one.
 */
export function normalizeMsisdn(input: string): string | undefined {
  const digits = input.trim().replace(/[\s\-().]/g, "");
  const m = /^(?:\+?254|0)?([17]\d{8})$/.exec(digits);
  return m ? `254${m[1]}` : undefined;
}

/**
 * The whole-shilling amount to ask M-Pesa for: rounded UP from minor units, never down, so the
 * shop is never paid less than the order's total. Throws for a currency other than KES.
 */
export function wholeShillings(amountMinor: number, currency: string): number {
  if (currency !== "KES") throw new RangeError(`M-Pesa takes only KES, not ${currency}`);
  const unit = 10 ** minorDigits(currency);
  return Math.ceil(amountMinor / unit);
}

/** KES minor units of a whole-shilling amount. */
export function shillingsToMinor(shillings: number): number {
  return Math.round(shillings * 10 ** minorDigits("KES"));
}

/**
 * AccountReference from an order number: alphanumerics only (the order number without its
 * dash, "SK-100042" → "SK100042"), at most 12 characters. Longer references keep their tail
 * (the distinguishing digits).
 */
export function accountReference(orderNumber: string): string {
  const alnum = orderNumber.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  return alnum.length <= ACCOUNT_REFERENCE_MAX ? alnum : alnum.slice(-ACCOUNT_REFERENCE_MAX);
}

/** TransactionDesc: at most 13 characters. */
export function transactionDesc(text: string): string {
  return text.trim().slice(0, TRANSACTION_DESC_MAX);
}

/** Plain words for the shopper, by ResultCode only (ResultDesc wording varies; protocols.md §1.3). */
export function describeResultCode(code: number): string {
  switch (code) {
    case 0:
      return "Paid";
    case 1:
      return "Not enough money on the M-Pesa account (or Fuliza limit reached)";
    case 1032:
      return "The payment was cancelled on the phone";
    case 1037:
      return "The phone could not be reached, or the prompt timed out: check it is on and try again";
    case 1019:
      return "The prompt expired before the PIN was entered";
    case 2001:
      return "The M-Pesa PIN was wrong";
    case 1001:
      return "Another M-Pesa prompt is open on this phone; wait a minute and try again";
    case 1025:
    case 9999:
      return "M-Pesa could not send the prompt to the phone; try again";
    case 17:
    case 26:
      return "M-Pesa is busy; try again in a minute";
    default:
      return `M-Pesa declined the payment (code ${code})`;
  }
}
