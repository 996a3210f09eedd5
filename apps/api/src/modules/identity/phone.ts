import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Shoppers are in Kenya first: a number without a country code is read as Kenyan. */
const DEFAULT_REGION = "KE";

/**
 * The number in E.164 (`+254712345678`), or undefined when it is not a valid phone number.
 * Accepts the local forms 07XXXXXXXX / 01XXXXXXXX, 2547... without the plus, and any valid
 * international number. The "max" metadata checks the real numbering plan, not only the length.
 */
export function normalizePhoneNumber(input: string): string | undefined {
  const phone = parsePhoneNumberFromString(input.trim(), DEFAULT_REGION);
  if (!phone?.isValid()) return undefined;
  return phone.number;
}
