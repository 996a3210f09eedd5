import { type Category, PRODUCT_LINES, type ProductLine } from "./models.ts";
import { between, hash01 } from "./prng.ts";

/** One real-world product (a model in one storage, size and colour): what several marketplaces may list. */
export type UniverseItem = {
  /** Stable id, "u0001" … */
  id: string;
  category: Category;
  brand: string;
  family: string;
  model: string;
  edition: string | null;
  storage: string | null;
  ram: string | null;
  size: string | null;
  /** "Men's" / "Women's" for shoes, else null. */
  audience: string | null;
  colour: string;
  specs: Readonly<Record<string, string>>;
  /** GTIN-13 (EAN) or, for US brands, UPC-12, with a valid check digit; null for the few without one. */
  gtin: string | null;
  mpn: string;
  weightGrams: number;
  /** Reference price in US cents; each marketplace prices around it. */
  priceUsd: number;
};

/** Brands whose barcodes are printed as UPC-A (12 digits) in this universe. */
const UPC_BRANDS = new Set([
  "Apple",
  "Google",
  "Bose",
  "Beats",
  "Dell",
  "HP",
  "Nike",
  "Converse",
  "Vans",
  "Ninja",
  "Instant Pot",
  "NutriBullet",
  "Fitbit",
  "Garmin",
  "SanDisk",
  "OtterBox",
  "Amazon",
]);

/** The GS1 check digit of a GTIN body (all digits but the last): weights 3,1,3,… from the right. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for an 8-, 12-, 13- or 14-digit GTIN whose check digit is right. */
export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

function makeGtin(brand: string, key: string, taken: Set<string>): string {
  const upc = UPC_BRANDS.has(brand);
  // A company prefix per brand (as GS1 assigns), then an item reference from the key.
  const prefix = upc
    ? String(between(10000, 89999, "upc", brand))
    : `${between(40, 89, "ean", brand)}${between(10000, 99999, "ean-co", brand)}`;
  const bodyLength = upc ? 11 : 12;
  for (let attempt = 0; ; attempt++) {
    let body = prefix;
    while (body.length < bodyLength) body += String(between(0, 9, key, attempt, body.length));
    const code = `${body}${gtinCheckDigit(body)}`;
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
function makeMpn(line: ProductLine, key: string): string {
  const head = line.brand
    .replace(/[^A-Za-z]/g, "")
    .slice(0, 2)
    .toUpperCase();
  let tail = "";
  for (let i = 0; i < 6; i++) tail += ALNUM[between(0, ALNUM.length - 1, "mpn", key, i)];
  return `${head}-${tail}`;
}

/** Price steps: each larger storage or size costs more than the one before. */
function variantPrice(line: ProductLine, storageIndex: number, sizeIndex: number, ramIndex: number): number {
  let price = line.priceUsd;
  price *= 1 + 0.14 * storageIndex;
  price *= 1 + 0.18 * ramIndex;
  if (line.category === "tv") price *= 1 + 0.35 * sizeIndex;
  else if (line.category === "kitchen") price *= 1 + 0.25 * sizeIndex;
  else if (line.category === "watch" || line.category === "tablet") price *= 1 + 0.08 * sizeIndex;
  return Math.round(price / 100) * 100 - 1;
}

let cached: UniverseItem[] | undefined;
let byId: Map<string, UniverseItem> | undefined;

/** The whole universe, built once on first use (a few thousand items, a few milliseconds). */
export function universe(): readonly UniverseItem[] {
  if (cached) return cached;
  const items: UniverseItem[] = [];
  const gtins = new Set<string>();
  for (const line of PRODUCT_LINES) {
    const storages = line.storage ?? [null];
    const rams = line.ram ?? [null];
    const sizes = line.size ?? [null];
    const audiences = line.audience ?? [null];
    for (const [ri, ram] of rams.entries()) {
      for (const [si, storage] of storages.entries()) {
        for (const audience of audiences) {
          for (const [zi, size] of sizes.entries()) {
            for (const colour of line.colour) {
              const id = `u${String(items.length + 1).padStart(4, "0")}`;
              const key = [line.brand, line.model, line.edition, ram, storage, audience, size, colour].join("|");
              const hasGtin = hash01("gtin?", key) < (line.gtinShare ?? 0.92);
              items.push({
                id,
                category: line.category,
                brand: line.brand,
                family: line.family,
                model: line.model,
                edition: line.edition ?? null,
                storage,
                ram,
                size,
                audience,
                colour,
                specs: line.specs ?? {},
                gtin: hasGtin ? makeGtin(line.brand, key, gtins) : null,
                mpn: makeMpn(line, key),
                weightGrams: Math.round(line.weightGrams * (1 + 0.03 * zi) * (0.97 + 0.06 * hash01("w", key))),
                priceUsd: variantPrice(line, si, zi, ri),
              });
            }
          }
        }
      }
    }
  }
  cached = items;
  return items;
}

/** The universe item with this id, or undefined. */
export function findUniverseItem(id: string): UniverseItem | undefined {
  byId ??= new Map(universe().map((item) => [item.id, item]));
  return byId.get(id);
}
