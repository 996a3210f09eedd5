import { productImageKey, productImagePath } from "../media/index.ts";
import { minorDigits } from "../platform/money.ts";
import { LEAVES, type Leaf, type Line, type MarketplaceCode } from "./demo-catalog.ts";
import { createRng, mixSeed, type Rng } from "./random.ts";

/**
 * Deterministic demo catalog. Item i (a real-world product such as "Samsung Galaxy A15 - 128GB,
 * Black") is drawn from its own PRNG stream seeded by (seed, i); each item is then offered by one
 * to four marketplaces at their own prices. Rows come out lazily in item order, so the first N rows
 * are the same whatever total is asked for, and 100,000 rows never sit in memory at once.
 */

export const DEFAULT_SEED = 20_240_501;

/** One product row as the generator sees it: marketplace and category by code/slug, not by id. */
export type DemoProduct = {
  marketplace: MarketplaceCode;
  categorySlug: string;
  /** The same for every offer of one item (what later price comparison should group). */
  itemKey: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  imageUrl: string;
  /** The gallery's further pictures: the item in its box. */
  images: string[];
  externalId: string | null;
  productUrl: string | null;
  available: boolean;
  rating: string | null;
  ratingCount: number;
  createdAt: Date;
};

export type GenerateOptions = {
  seed?: number;
  /** Currency of the house store (the store currency); KES by default. */
  houseCurrency?: string;
  /** Dates spread over the year before this instant; defaults to the start of today (UTC). */
  now?: Date;
};

type DemoItem = {
  index: number;
  leaf: Leaf;
  line: Line;
  name: string;
  description: string;
  priceKes: number;
  quality: number;
  imageUrl: string;
  images: string[];
  createdAt: number;
};

// Approximate shillings per unit, only to price the house store when its currency is not KES.
// Real conversion uses the fx_rates table; these just make demo prices look local.
const KES_PER_UNIT: Record<string, number> = {
  KES: 1,
  USD: 129,
  EUR: 140,
  GBP: 164,
  UGX: 0.0348,
  TZS: 0.0497,
  RWF: 0.099,
  NGN: 0.083,
  ZAR: 7,
};
const KES_PER_USD = 129;
const DAY_MS = 86_400_000;

const parsedOptions = new Map<string, { label: string; factor: number }>();
function parseOption(option: string): { label: string; factor: number } {
  let parsed = parsedOptions.get(option);
  if (!parsed) {
    const [label = option, factor] = option.split("|");
    parsed = { label, factor: factor === undefined ? 1 : Number(factor) };
    parsedOptions.set(option, parsed);
  }
  return parsed;
}

const imageUrls = new WeakMap<Line, string>();
function imageUrlOf(leaf: Leaf, line: Line): string {
  let url = imageUrls.get(line);
  if (!url) {
    url = productImagePath(productImageKey(line.glyph ?? leaf.glyph, line.brand, line.model));
    imageUrls.set(line, url);
  }
  return url;
}

// One more picture per line for the product page's gallery: the same item on its box.
const galleries = new WeakMap<Line, string[]>();
function galleryOf(leaf: Leaf, line: Line): string[] {
  let images = galleries.get(line);
  if (!images) {
    images =
      (line.glyph ?? leaf.glyph) === "box" ? [] : [productImagePath(productImageKey("box", line.brand, line.model))];
    galleries.set(line, images);
  }
  return images;
}

function fill(template: string, item: { brand: string; model: string }): string {
  const possessive = item.brand.endsWith("s") ? `${item.brand}'` : `${item.brand}'s`;
  return template
    .replaceAll("{name}", `${item.brand} ${item.model}`)
    .replaceAll("{brand}'s", possessive)
    .replaceAll("{brand}", item.brand)
    .replaceAll("{model}", item.model);
}

function makeItem(seed: number, index: number, nowMs: number): DemoItem {
  const rng = createRng(mixSeed(seed, index));
  // Round-robin over leaf categories so even a small demo fills every category.
  const leaf = LEAVES[index % LEAVES.length] as Leaf;
  const line = rng.pick(leaf.lines);
  let priceKes = line.priceKes;
  const labels: string[] = [];
  for (const dimension of leaf.dimensions) {
    const { label, factor } = parseOption(rng.pick(dimension));
    labels.push(label);
    priceKes *= factor;
  }
  if (rng.chance(0.35)) {
    const { label, factor } = parseOption(rng.pick(leaf.extras));
    labels.push(label);
    priceKes *= factor;
  }
  const noun = leaf.noun ? ` ${leaf.noun(line)}` : "";
  const name = `${line.brand} ${line.model}${noun} - ${labels.join(", ")}`;

  const sentences = [fill(rng.pick(leaf.leads), line)];
  const featureCount = rng.int(0, 2);
  const features = [...leaf.features];
  for (let k = 0; k < featureCount && features.length > 0; k++) {
    sentences.push(features.splice(rng.int(0, features.length - 1), 1)[0] as string);
  }

  return {
    index,
    leaf,
    line,
    name,
    description: sentences.join(" "),
    priceKes,
    quality: rng.float(3.4, 4.8),
    imageUrl: imageUrlOf(leaf, line),
    images: galleryOf(leaf, line),
    createdAt: nowMs - rng.int(0, 364 * DAY_MS),
  };
}

/** Shelf-style prices: KES 21,999 / KES 1,899 / KES 299; other currencies end in .99 or whole. */
function shelfPriceMinor(amountKes: number, currency: string): number {
  const major = amountKes / (KES_PER_UNIT[currency] ?? 1);
  const digits = minorDigits(currency);
  let whole: number;
  if (major >= 1000) whole = Math.round(major / 100) * 100 - 1;
  else if (major >= 100) whole = Math.round(major / 10) * 10 - 1;
  else whole = Math.max(1, Math.round(major));
  return whole * 10 ** digits;
}

function usdPriceMinor(amountKes: number, rng: Rng, cents: "99" | "any"): number {
  const dollars = Math.max(4, Math.floor(amountKes / KES_PER_USD));
  return dollars * 100 + (cents === "99" ? rng.pick([99, 99, 99, 49, 95]) : rng.int(0, 99));
}

/** Bijective scramble of an index into [0, modulus): unique external ids without a lookup table. */
// The multiplier is coprime with 36^k and 9·10^11, so the map is a bijection; Number arithmetic is
// exact while index · multiplier stays below 2^53 (about 3.4 million items), BigInt beyond.
function scramble(index: number, modulus: number, offset: number): number {
  const MULTIPLIER = 2_654_435_761;
  if (index < 3_000_000) return (index * MULTIPLIER + offset) % modulus;
  return Number((BigInt(index) * BigInt(MULTIPLIER) + BigInt(offset)) % BigInt(modulus));
}

function ratingOf(rng: Rng, quality: number, maxCount: number): { rating: string | null; ratingCount: number } {
  if (rng.chance(0.06)) return { rating: null, ratingCount: 0 };
  const value = Math.min(5, Math.max(3, quality + rng.float(-0.35, 0.35)));
  // Review counts are heavy-tailed: most items have a few dozen, best-sellers thousands.
  const ratingCount = Math.max(1, Math.floor(Math.exp(rng.float(0, Math.log(maxCount)))));
  return { rating: value.toFixed(1), ratingCount };
}

type OfferFields = {
  priceMinor: number;
  currency: string;
  stock: number;
  externalId: string | null;
  productUrl: string | null;
  available: boolean;
  maxRatingCount: number;
};

function offersOf(item: DemoItem, seed: number, houseCurrency: string, nowMs: number): DemoProduct[] {
  const rng = createRng(mixSeed(seed, item.index, 0x0ff3));
  const local = item.line.local === true;
  const atHouse = rng.chance(0.5);
  const atJumia = rng.chance(0.6);
  const atAmazon = !local && rng.chance(0.5);
  const atEbay = rng.chance(local ? 0.03 : 0.4);
  const itemKey = `item-${item.index}`;
  const offers: DemoProduct[] = [];

  // One object shape for every row keeps 100,000 of them cheap to build.
  const push = (marketplace: MarketplaceCode, f: OfferFields) => {
    const { rating, ratingCount } = ratingOf(rng, item.quality, f.maxRatingCount);
    offers.push({
      marketplace,
      categorySlug: item.leaf.slug,
      itemKey,
      name: item.name,
      description: item.description,
      priceMinor: f.priceMinor,
      currency: f.currency,
      stock: f.stock,
      imageUrl: item.imageUrl,
      images: item.images,
      externalId: f.externalId,
      productUrl: f.productUrl,
      available: f.available,
      rating,
      ratingCount,
      // Marketplaces list an item at different times; never in the future.
      createdAt: new Date(Math.min(nowMs - 60_000, item.createdAt + rng.int(0, 20 * DAY_MS))),
    });
  };

  if (atHouse || (!atJumia && !atAmazon && !atEbay)) {
    const stock = rng.chance(0.06) ? 0 : rng.int(1, 200);
    push("sokoni", {
      priceMinor: shelfPriceMinor(item.priceKes * rng.float(0.96, 1.04), houseCurrency),
      currency: KES_PER_UNIT[houseCurrency] === undefined ? "KES" : houseCurrency,
      stock,
      externalId: null,
      productUrl: null,
      available: stock > 0,
      maxRatingCount: 800,
    });
  }
  if (atJumia) {
    const brand = item.line.brand
      .replace(/[^A-Za-z]/g, "")
      .slice(0, 2)
      .toUpperCase()
      .padEnd(2, "X");
    const sku = `${brand}${base36(scramble(item.index, 36 ** 7, 40_118_513_237), 7)}NAFAMZ`;
    const available = !rng.chance(0.04);
    push("jumia", {
      priceMinor: shelfPriceMinor(item.priceKes * rng.float(0.86, 1.08), "KES"),
      currency: "KES",
      stock: available ? rng.int(1, 500) : 0,
      externalId: sku,
      productUrl: `https://www.jumia.co.ke/${sku.toLowerCase()}.html`,
      available,
      maxRatingCount: 2500,
    });
  }
  if (atAmazon) {
    const asin = `B0${base36(scramble(item.index, 36 ** 8, 1_318_441_905_331), 8)}`;
    const available = !rng.chance(0.03);
    push("amazon", {
      priceMinor: usdPriceMinor(item.priceKes * rng.float(0.74, 0.96), rng, "99"),
      currency: "USD",
      stock: available ? rng.int(5, 999) : 0,
      externalId: asin,
      productUrl: `https://www.amazon.com/dp/${asin}`,
      available,
      maxRatingCount: 20_000,
    });
  }
  if (atEbay) {
    const itemNumber = String(100_000_000_000 + scramble(item.index, 900_000_000_000, 286_410_930_117));
    const available = !rng.chance(0.05);
    push("ebay", {
      priceMinor: usdPriceMinor(item.priceKes * rng.float(0.62, 0.94), rng, "any"),
      currency: "USD",
      stock: available ? rng.int(1, 50) : 0,
      externalId: itemNumber,
      productUrl: `https://www.ebay.com/itm/${itemNumber}`,
      available,
      maxRatingCount: 1500,
    });
  }
  return offers;
}

function base36(value: number, width: number): string {
  return value.toString(36).toUpperCase().padStart(width, "0");
}

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Yields exactly `count` product rows, lazily, the same rows for the same seed and `now`. */
export function* generateDemoProducts(count: number, opts: GenerateOptions = {}): Generator<DemoProduct> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const houseCurrency = opts.houseCurrency ?? "KES";
  const nowMs = (opts.now ?? startOfTodayUtc()).getTime();
  let produced = 0;
  for (let index = 0; produced < count; index++) {
    for (const offer of offersOf(makeItem(seed, index, nowMs), seed, houseCurrency, nowMs)) {
      if (produced === count) return;
      produced++;
      yield offer;
    }
  }
}

/** Groups a generator's output into arrays of at most `size` (for batched inserts). */
export function* chunked<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
