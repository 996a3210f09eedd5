/**
 * GTIN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14: digits only, the last one a mod-10 check digit
 * (weights 3 and 1 from the right, GS1 General Specifications §7.9). Every length is the same
 * number left-padded with zeros, so one GTIN-14 names an item whichever form a store printed.
 */

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The GS1 check digit for the digits that precede it. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for an 8, 12, 13 or 14 digit code (spaces and hyphens allowed) whose check digit is right. */
export function isValidGtin(raw: string): boolean {
  return toGtin14(raw) !== undefined;
}

/**
 * The GTIN-14 form of a GTIN/EAN/UPC, or undefined when it is not one: wrong length, a letter,
 * a wrong check digit, or all zeros (stores send "0000000000000" for "unknown").
 */
export function toGtin14(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const digits = raw.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(digits) || !GTIN_LENGTHS.has(digits.length)) return undefined;
  if (/^0+$/.test(digits)) return undefined;
  const body = digits.slice(0, -1);
  if (gtinCheckDigit(body) !== Number(digits.slice(-1))) return undefined;
  return digits.padStart(14, "0");
}
