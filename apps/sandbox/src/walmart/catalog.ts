import type { Category } from "../market-catalog/models.ts";
import { between, hash01, pick } from "../market-catalog/prng.ts";
import { type UniverseItem, universe } from "../market-catalog/universe.ts";

/**
 * Walmart's share of the market-catalog universe, kept here rather than in the shared
 * `listings.ts` (whose three markets other code and tests count on): about 55 % of the items,
 * few of the local Kenyan brands, priced in US dollars around the reference, a UPC on ~90 % of
 * the items whose barcode is a UPC-A (Walmart shows 12-digit UPCs; EAN-13 items show none).
 */
export type WalmartItem = {
  itemId: number;
  /** Ground truth: the universe item (never sent on the wire). */
  universeItemId: string;
  title: string;
  brand: string;
  category: Category;
  salePriceCents: number;
  msrpCents: number | null;
  upc: string | null;
  modelNumber: string;
  colour: string;
  size: string | null;
  rating: { average: number; count: number } | null;
  stock: "Available" | "Limited Supply" | "Not available";
  shortDescription: string;
  seller: string;
  /** Order in which Walmart calls items "new". */
  listedAt: string;
  /** Units sold lately, for the bestseller sort. */
  sold: number;
};

const LOCAL_BRANDS = new Set(["Tecno", "Infinix", "Oraimo", "Vitron", "Bata", "Ramtons", "Von", "Skyworth"]);
const EPOCH = Date.UTC(2026, 10, 1);

const KIND: Record<Category, string> = {
  phone: "Unlocked Smartphone",
  tablet: "Tablet",
  laptop: "Laptop",
  tv: "Smart TV",
  headphones: "Wireless Headphones",
  shoes: "Sneakers",
  watch: "Smartwatch",
  kitchen: "Kitchen Appliance",
  accessory: "Accessory",
  clothing: "Apparel",
};

/** "Brand Model Edition, 128GB, Colour - Kind", Walmart's comma style. */
function titleOf(item: UniverseItem): string {
  const model = item.edition && !item.model.includes(item.edition) ? `${item.model} ${item.edition}` : item.model;
  const head = [item.brand, item.audience, model.startsWith(item.brand) ? model.slice(item.brand.length).trim() : model]
    .filter(Boolean)
    .join(" ");
  const parts = [head];
  if (item.ram && item.storage) parts.push(`${item.ram} RAM`, item.storage);
  else if (item.storage) parts.push(item.storage);
  if (item.size) parts.push(item.size);
  parts.push(item.colour);
  return `${parts.join(", ")} - ${KIND[item.category]}`;
}

function makeItem(item: UniverseItem, itemId: number): WalmartItem {
  const key = `walmart|${item.id}`;
  const raw = item.priceUsd * (0.9 + 0.15 * hash01("price", key));
  const salePriceCents = Math.max(1, Math.floor(raw / 100)) * 100 + pick([0, 88, 97, 99], key, "cents");
  const stockRoll = hash01("stock", key);
  const specs = Object.entries(item.specs)
    .map(([name, value]) => `${name}: ${value}`)
    .join("; ");
  return {
    itemId,
    universeItemId: item.id,
    title: titleOf(item),
    brand: item.brand,
    category: item.category,
    salePriceCents,
    msrpCents: hash01("msrp?", key) < 0.45 ? Math.round((salePriceCents * 1.18) / 100) * 100 : null,
    upc: item.gtin?.length === 12 && hash01("upc", key) < 0.9 ? item.gtin : null,
    modelNumber: item.mpn,
    colour: item.colour,
    size: item.size,
    rating:
      hash01("rated", key) < 0.8
        ? {
            average: Math.round(Math.min(5, 3.3 + 1.6 * hash01("quality", item.id)) * 10) / 10,
            count: Math.floor(1 + 6000 * hash01("reviews", key) ** 3),
          }
        : null,
    stock: stockRoll < 0.88 ? "Available" : stockRoll < 0.95 ? "Limited Supply" : "Not available",
    shortDescription: `${item.brand} ${item.model}. Colour: ${item.colour}.${specs ? ` ${specs}.` : ""}`,
    seller: hash01("seller", key) < 0.7 ? "Walmart.com" : pick(["TechDeals US", "Gadget Outlet", "ShoeStop"], key),
    listedAt: new Date(EPOCH - Math.floor(hash01("listed-at", key) * 200 * 86_400_000)).toISOString(),
    sold: between(0, 5000, "sold", key),
  };
}

let cache: { items: WalmartItem[]; byId: Map<number, WalmartItem> } | undefined;

/** Walmart's items in a fixed order, built once. */
export function walmartItems(): readonly WalmartItem[] {
  return built().items;
}

export function findWalmartItem(itemId: number): WalmartItem | undefined {
  return built().byId.get(itemId);
}

function built() {
  if (cache) return cache;
  const items: WalmartItem[] = [];
  const taken = new Set<number>();
  for (const item of universe()) {
    const share = LOCAL_BRANDS.has(item.brand) ? 0.1 : 0.55;
    if (hash01("listed", "walmart", item.id) >= share) continue;
    let id = between(10_000_000, 999_999_999, "walmart-id", item.id);
    while (taken.has(id)) id++;
    taken.add(id);
    items.push(makeItem(item, id));
  }
  cache = { items, byId: new Map(items.map((i) => [i.itemId, i])) };
  return cache;
}
