import type { Category } from "./models.ts";
import { between, hash01, pick } from "./prng.ts";
import { findUniverseItem, type UniverseItem, universe } from "./universe.ts";

export const MARKETS = ["ebay", "amazon", "jumia"] as const;
export type Market = (typeof MARKETS)[number];

export type Condition = "New" | "Used" | "Seller refurbished";

/** One marketplace's listing of a universe item, in that marketplace's words and prices. */
export type Listing = {
  market: Market;
  /** The marketplace's id: eBay "v1|<legacy>|0", an Amazon ASIN, a Jumia SKU. */
  id: string;
  /** Ground truth: the universe item this listing is (never sent on the wire). */
  universeItemId: string;
  title: string;
  brand: string;
  category: Category;
  /** Price in minor units of `currency` (USD cents for eBay/Amazon, KES cents for Jumia). */
  priceMinor: number;
  currency: "USD" | "KES";
  /** Struck-through price (Amazon list price, Jumia old price), minor units. */
  listPriceMinor: number | null;
  /** Product rating on this marketplace, or null when it shows none. */
  rating: { average: number; count: number } | null;
  /** The GTIN as this marketplace shows it (eBay: only in getItem), or null. */
  gtin: string | null;
  mpn: string | null;
  condition: Condition;
  seller: { username: string; feedbackPercentage: string; feedbackScore: number };
  description: string;
  /** Item specifics (name, value) as the marketplace shows them. */
  aspects: { name: string; value: string }[];
  weightGrams: number | null;
  available: boolean;
  quantity: number;
  /** Listed at (ISO), for "newly listed" sorting; fixed, not relative to now. */
  listedAt: string;
  /** Path of the picture on the simulator ("/img/<id>.svg"). */
  imagePath: string;
};

/** Share of the universe each marketplace lists (local brands are likelier on Jumia, unlikelier on Amazon). */
const SHARE: Record<Market, number> = { ebay: 0.7, amazon: 0.72, jumia: 0.62 };
const LOCAL_BRANDS = new Set(["Tecno", "Infinix", "Oraimo", "Vitron", "Bata", "Ramtons", "Von", "Skyworth"]);
const EPOCH = Date.UTC(2026, 10, 1);
const KES_PER_USD = 129;

function listedIn(market: Market, item: UniverseItem): boolean {
  let share = SHARE[market];
  if (LOCAL_BRANDS.has(item.brand)) share = market === "jumia" ? 0.92 : market === "amazon" ? 0.15 : 0.35;
  return hash01("listed", market, item.id) < share;
}

/** The storage label, written "128GB" or "128 GB" as sellers do. */
function storageText(value: string, spaced: boolean): string {
  return spaced ? value.replace(/(\d)(GB|TB)$/, "$1 $2") : value;
}

const CATEGORY_WORDS: Record<Category, { ebay: string[]; amazon: string; jumia: string }> = {
  phone: {
    ebay: ["Unlocked Smartphone", "Smartphone 5G Dual SIM", "Unlocked Cell Phone"],
    amazon: "Unlocked Smartphone",
    jumia: "Smartphone",
  },
  tablet: { ebay: ["Tablet Wi-Fi", "Tablet"], amazon: "Tablet", jumia: "Tablet" },
  laptop: { ebay: ["Laptop Notebook", "Laptop"], amazon: "Laptop", jumia: "Laptop" },
  tv: { ebay: ["Smart TV 4K", "LED Smart TV"], amazon: "Smart TV", jumia: "Smart TV" },
  headphones: {
    ebay: ["Wireless Headphones Bluetooth", "Bluetooth Headphones"],
    amazon: "Wireless Headphones",
    jumia: "Headphones",
  },
  shoes: { ebay: ["Sneakers Shoes", "Trainers"], amazon: "Sneaker", jumia: "Sneakers" },
  watch: { ebay: ["Smartwatch", "Smart Watch Fitness"], amazon: "Smartwatch", jumia: "Smart Watch" },
  kitchen: { ebay: ["Kitchen Appliance", "Home Kitchen"], amazon: "Kitchen Appliance", jumia: "Appliance" },
  accessory: { ebay: ["Accessory", "Protective"], amazon: "Accessory", jumia: "Accessory" },
  clothing: { ebay: ["Clothing", "Apparel Top Quality"], amazon: "Clothing", jumia: "Clothing" },
};

/** The model with its edition, without the brand when the model already names it ("Apple Watch Series 9"). */
function modelWithEdition(item: UniverseItem, style: "paren" | "plain"): string {
  if (!item.edition || item.model.includes(item.edition)) return item.model;
  return style === "paren" ? `${item.model} (${item.edition})` : `${item.model} ${item.edition}`;
}
function brandAnd(item: UniverseItem, rest: string): string {
  return rest.startsWith(item.brand) ? rest : `${item.brand} ${rest}`;
}

/** eBay: long keyword titles (at most 80 characters), condition words, specs run together. */
function ebayTitle(item: UniverseItem, condition: Condition, key: string): string {
  const words: string[] = [];
  if (condition === "New") words.push(pick(["NEW", "Brand New", "New Sealed", ""], key, "new"));
  else if (condition === "Seller refurbished") words.push("Refurbished");
  else words.push(pick(["Used", "Pre-owned"], key, "used"));
  if (item.audience) words.push(item.audience === "Men's" ? "Mens" : "Womens");
  words.push(brandAnd(item, modelWithEdition(item, "plain")));
  const spaced = hash01(key, "spaced") < 0.4;
  if (item.ram) words.push(`${storageText(item.ram, spaced)} RAM`);
  if (item.storage) words.push(storageText(item.storage, spaced));
  if (item.size) words.push(item.size);
  words.push(item.colour);
  words.push(pick(CATEGORY_WORDS[item.category].ebay, key, "kw"));
  const title = words.filter(Boolean).join(" ").replace(/\s+/g, " ");
  return title.length > 80 ? title.slice(0, 80).trimEnd() : title;
}

/** Amazon: "Brand Model (Edition), attribute, colour - Kind". */
function amazonTitle(item: UniverseItem): string {
  const head = item.audience
    ? `${item.brand} ${item.audience} ${modelWithEdition(item, "paren")}`
    : brandAnd(item, modelWithEdition(item, "paren"));
  const parts = [head];
  if (item.ram && item.storage) parts.push(`${item.ram} RAM, ${item.storage}`);
  else if (item.storage) parts.push(item.storage);
  if (item.size) parts.push(item.category === "tv" ? `${item.size.replace('"', "-Inch")} Class` : item.size);
  parts.push(item.colour);
  return `${parts.join(", ")} - ${CATEGORY_WORDS[item.category].amazon}`;
}

/** Jumia: shorter local titles, "RAM/storage", a plain colour (the last word of the maker's name). */
function jumiaTitle(item: UniverseItem): string {
  const words = item.audience
    ? [item.brand, item.audience, modelWithEdition(item, "plain")]
    : [brandAnd(item, modelWithEdition(item, "plain"))];
  if (item.ram && item.storage) words.push(`${item.ram}/${item.storage}`);
  else if (item.storage) words.push(item.storage);
  else if (item.ram) words.push(`${item.ram} RAM`);
  if (item.size) words.push(item.size);
  const colour = item.colour.split(/[\s/]/).at(-1) ?? item.colour;
  if (item.category === "tv") words.push(CATEGORY_WORDS.tv.jumia);
  return `${words.filter(Boolean).join(" ")} - ${colour}`;
}

function aspectsOf(item: UniverseItem): { name: string; value: string }[] {
  const aspects = [
    { name: "Brand", value: item.brand },
    { name: "Model", value: item.model },
  ];
  if (item.edition) aspects.push({ name: "Series", value: item.edition });
  if (item.storage) aspects.push({ name: "Storage Capacity", value: item.storage });
  if (item.ram) aspects.push({ name: "RAM Size", value: item.ram });
  if (item.size) aspects.push({ name: item.category === "shoes" ? "Shoe Size" : "Size", value: item.size });
  if (item.audience) aspects.push({ name: "Department", value: item.audience === "Men's" ? "Men" : "Women" });
  aspects.push({ name: "Colour", value: item.colour });
  for (const [name, value] of Object.entries(item.specs)) aspects.push({ name, value });
  return aspects;
}

function describe(item: UniverseItem): string {
  const bits = aspectsOf(item)
    .filter((a) => a.name !== "Brand" && a.name !== "Model")
    .map((a) => `${a.name}: ${a.value}`);
  return `${item.brand} ${item.model}. ${bits.join(". ")}.`;
}

/** A price around the reference, ending in .99 / .95 / .00 as shops write them (cents). */
function usdPrice(reference: number, low: number, high: number, key: string): number {
  const raw = reference * (low + (high - low) * hash01("price", key));
  const dollars = Math.max(1, Math.floor(raw / 100));
  return dollars * 100 + pick([99, 95, 0, 49], key, "cents");
}

function rating(item: UniverseItem, key: string, counts: [number, number]) {
  const quality = 3.4 + 1.4 * hash01("quality", item.id);
  const average = Math.min(5, Math.max(1, quality + (hash01("noise", key) - 0.5) * 0.6));
  const count = Math.floor(counts[0] + (counts[1] - counts[0]) * hash01("count", key) ** 3);
  return { average: Math.round(average * 10) / 10, count };
}

const USERNAMES = [
  "techdeals_usa",
  "bestbuy_outlet",
  "gadget-world",
  "mobile.hub",
  "sneakerhead_88",
  "primo_electronics",
  "kitchen_direct",
  "atlantic_trade",
];

function seller(market: Market, key: string) {
  const username =
    market === "ebay"
      ? pick(USERNAMES, key, "seller")
      : market === "amazon"
        ? "Amazon.com"
        : pick(["Jumia", "Phone Hub KE", "Gadget World Nairobi", "Shoe Palace"], key, "seller");
  return {
    username,
    feedbackPercentage: (97 + hash01("fb%", key) * 3).toFixed(1),
    feedbackScore: between(40, 250_000, "fb", key),
  };
}

function makeListing(market: Market, item: UniverseItem, id: string, copy: number): Listing {
  const key = `${market}|${item.id}|${copy}`;
  const condition: Condition =
    market !== "ebay" ? "New" : copy > 0 ? pick<Condition>(["Used", "Seller refurbished"], key, "cond") : "New";
  const base = {
    market,
    id,
    universeItemId: item.id,
    brand: item.brand,
    category: item.category,
    mpn: item.mpn,
    condition,
    seller: seller(market, key),
    description: describe(item),
    aspects: aspectsOf(item),
    available: hash01("stock", key) < 0.94,
    quantity: between(1, 60, "qty", key),
    listedAt: new Date(EPOCH - Math.floor(hash01("listed-at", key) * 120 * 86_400_000)).toISOString(),
    imagePath: `/img/${encodeURIComponent(id)}.svg`,
  };
  if (market === "ebay") {
    const usedFactor = condition === "New" ? 1 : 0.72;
    return {
      ...base,
      title: ebayTitle(item, condition, key),
      priceMinor: usdPrice(item.priceUsd * usedFactor, 0.82, 1.03, key),
      currency: "USD",
      listPriceMinor: null,
      rating: hash01("has-rating", key) < 0.6 ? rating(item, key, [1, 900]) : null,
      // getItem shows a GTIN on about half the listings (the summaries never do).
      gtin: item.gtin && hash01("gtin", key) < 0.55 ? item.gtin : null,
      weightGrams: hash01("weight?", key) < 0.5 ? item.weightGrams : null,
    };
  }
  if (market === "amazon") {
    const price = usdPrice(item.priceUsd, 0.93, 1.08, key);
    return {
      ...base,
      title: amazonTitle(item),
      priceMinor: price,
      currency: "USD",
      listPriceMinor: hash01("list?", key) < 0.4 ? Math.round((price * 1.15) / 100) * 100 - 1 : null,
      rating: rating(item, key, [5, 40_000]),
      gtin: item.gtin && hash01("gtin", key) < 0.8 ? item.gtin : null,
      weightGrams: hash01("weight?", key) < 0.85 ? item.weightGrams : null,
    };
  }
  const kes = ((item.priceUsd / 100) * KES_PER_USD * (1.08 + 0.27 * hash01("price", key))) | 0;
  const price = Math.max(99, Math.round(kes / 50) * 50 - 1);
  return {
    ...base,
    title: jumiaTitle(item),
    priceMinor: price * 100,
    currency: "KES",
    listPriceMinor:
      hash01("old?", key) < 0.6 ? (Math.round((price * (1.1 + 0.3 * hash01("old", key))) / 100) * 100 - 1) * 100 : null,
    rating: hash01("has-rating", key) < 0.75 ? rating(item, key, [0, 1_500]) : { average: 0, count: 0 },
    gtin: item.gtin && hash01("gtin", key) < 0.15 ? item.gtin : null,
    weightGrams: hash01("weight?", key) < 0.3 ? item.weightGrams : null,
  };
}

const ASIN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
function marketId(market: Market, item: UniverseItem, index: number, copy: number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let id: string;
    const k = [market, item.id, copy, attempt];
    if (market === "ebay") {
      id = `v1|${String(between(110_000_000_000, 409_999_999_999, ...k))}|0`;
    } else if (market === "amazon") {
      id = "B0";
      for (let i = 0; i < 8; i++) id += ASIN_CHARS[between(0, ASIN_CHARS.length - 1, ...k, i)];
    } else {
      const head = item.brand
        .replace(/[^A-Za-z]/g, "")
        .slice(0, 2)
        .toUpperCase()
        .padEnd(2, "X");
      let body = "";
      for (let i = 0; i < 7; i++) body += ASIN_CHARS[between(0, ASIN_CHARS.length - 1, ...k, i)];
      id = `${head}${between(100, 999, ...k, "n")}MP${body}NAFAMZ`;
    }
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
    if (attempt > 50) throw new Error(`no free ${market} id for ${item.id} (${index})`);
  }
}

const cache = new Map<Market, Listing[]>();
const byMarketId = new Map<Market, Map<string, Listing>>();

/** Every listing of `market`, in a fixed order; built once on first use. */
export function listingsOf(market: Market): readonly Listing[] {
  const hit = cache.get(market);
  if (hit) return hit;
  const listings: Listing[] = [];
  const taken = new Set<string>();
  for (const item of universe()) {
    if (!listedIn(market, item)) continue;
    // eBay: some items are also offered used or refurbished by a second seller.
    const copies = market === "ebay" && hash01("second", item.id) < 0.08 ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      listings.push(makeListing(market, item, marketId(market, item, listings.length, copy, taken), copy));
    }
  }
  cache.set(market, listings);
  byMarketId.set(market, new Map(listings.map((l) => [l.id, l])));
  return listings;
}

/** The listing of `market` with this marketplace id, or undefined. */
export function findListing(market: Market, id: string): Listing | undefined {
  listingsOf(market);
  return byMarketId.get(market)?.get(id);
}

/** Ground truth: the universe item a listing represents. */
export function universeItemOf(listing: Pick<Listing, "universeItemId">): UniverseItem {
  const item = findUniverseItem(listing.universeItemId);
  if (!item) throw new Error(`unknown universe item ${listing.universeItemId}`);
  return item;
}

/** Ground truth by marketplace id: the universe item id behind `market`'s listing `id`, or undefined. */
export function universeItemIdOf(market: Market, id: string): string | undefined {
  return findListing(market, id)?.universeItemId;
}
