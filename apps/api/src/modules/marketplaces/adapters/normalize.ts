import { MoneyFormatError, toMinor } from "../../../platform/money.ts";
import type { Availability, Condition, DroppedOffer, Offer } from "./adapter.ts";

/**
 * What an adapter read out of one marketplace item, before checking: anything may be missing or
 * of the wrong type. `buildOffer` keeps it only when the required fields (id, title, price,
 * currency, product URL) are sound; optional fields that are garbled become null instead.
 */
export type OfferCandidate = {
  externalId: unknown;
  title: unknown;
  description?: unknown;
  /** Major units as a number or decimal string ("19.99"), unless `priceIsMinor`. */
  price: unknown;
  priceIsMinor?: boolean;
  currency: unknown;
  imageUrl?: unknown;
  productUrl: unknown;
  rating?: unknown;
  /** Scale of `rating` when not 0–5 (eBay's feedback percentage is 0–100). */
  ratingScale?: number;
  ratingCount?: unknown;
  availability?: Availability;
  gtin?: unknown;
  brand?: unknown;
  /** Grams as a number, or a string with its unit ("1.2 kg", "350 g", "2 lbs"). */
  weightGrams?: unknown;
  condition?: Condition;
  seller?: unknown;
  category?: unknown;
};

const CURRENCY_RE = /^[A-Z]{3}$/;
const GTIN_RE = /^(\d{8}|\d{12}|\d{13}|\d{14})$/;
const MAX_TITLE = 500;
const MAX_DESCRIPTION = 10_000;

export function buildOffer(c: OfferCandidate): Offer | DroppedOffer {
  const externalId = text(c.externalId, 200);
  const drop = (reason: string): DroppedOffer => (externalId ? { externalId, reason } : { reason });
  if (!externalId) return drop("missing external id");
  const title = text(c.title, MAX_TITLE);
  if (!title) return drop("missing title");
  const currency = typeof c.currency === "string" ? c.currency.trim().toUpperCase() : "";
  if (!CURRENCY_RE.test(currency) || !isKnownCurrency(currency)) return drop(`bad currency ${String(c.currency)}`);
  let priceMinor: number;
  try {
    priceMinor = c.priceIsMinor ? minorInteger(c.price) : majorToMinor(c.price, currency);
  } catch (err) {
    return drop(`bad price ${JSON.stringify(c.price) ?? "undefined"}: ${(err as Error).message}`);
  }
  if (priceMinor <= 0) return drop("price is zero");
  const productUrl = httpUrl(c.productUrl);
  if (!productUrl) return drop("missing or bad product url");

  const scale = c.ratingScale ?? 5;
  const rawRating = num(c.rating);
  const count = num(c.ratingCount);
  // "0 stars from 0 ratings" is no rating at all.
  const rated = rawRating !== null && rawRating >= 0 && rawRating <= scale && count !== 0;
  const rating = rated ? round2((rawRating / scale) * 5) : null;
  const weight =
    typeof c.weightGrams === "string" ? (weightGrams(c.weightGrams) ?? num(c.weightGrams)) : num(c.weightGrams);
  const gtin = typeof c.gtin === "string" || typeof c.gtin === "number" ? String(c.gtin).trim() : "";
  return {
    externalId,
    title,
    description: text(c.description, MAX_DESCRIPTION) ?? null,
    priceMinor,
    currency,
    imageUrl: httpUrl(c.imageUrl) ?? null,
    productUrl,
    rating,
    ratingCount: count !== null && Number.isInteger(count) && count >= 0 ? count : null,
    availability: c.availability ?? "unknown",
    gtin: GTIN_RE.test(gtin) ? gtin : null,
    brand: text(c.brand, 200) ?? null,
    weightGrams: weight !== null && weight > 0 ? Math.round(weight) : null,
    condition: c.condition ?? "unknown",
    seller: text(c.seller, 200) ?? null,
    category: text(c.category, 200) ?? null,
  };
}

export function isOffer(v: Offer | DroppedOffer): v is Offer {
  return "priceMinor" in v;
}

/** Splits candidates into kept offers and dropped items; one bad item never fails the rest. */
export function buildOffers(candidates: OfferCandidate[]): { offers: Offer[]; dropped: DroppedOffer[] } {
  const offers: Offer[] = [];
  const dropped: DroppedOffer[] = [];
  for (const c of candidates) {
    const o = buildOffer(c);
    if (isOffer(o)) offers.push(o);
    else dropped.push(o);
  }
  return { offers, dropped };
}

function majorToMinor(value: unknown, currency: string): number {
  if (typeof value !== "number" && typeof value !== "string") throw new MoneyFormatError("is missing");
  return toMinor(value, currency);
}

function minorInteger(value: unknown): number {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
    throw new MoneyFormatError("is not whole minor units");
  return n;
}

// ICU's list of ISO 4217 codes: the Intl formatter alone accepts any three letters.
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

function text(v: unknown, max: number): string | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  const s = String(v).trim();
  return s && s.length <= max ? s : undefined;
}

/** A finite number from a number or numeric string ("4.5"), else null. */
export function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function httpUrl(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  try {
    const u = new URL(v.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "1.2 kg", "350 g", "2 lbs", "8 oz" → grams; anything else → undefined. */
export function weightGrams(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(kg|kilograms?|g|grams?|lbs?|pounds?|oz|ounces?)\s*$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  if (unit.startsWith("k")) return n * 1000;
  if (unit.startsWith("g")) return n;
  if (unit.startsWith("l") || unit.startsWith("p")) return n * 453.592;
  return n * 28.3495;
}
