import type { Category } from "../market-catalog/models.ts";
import { between, hash01, pick } from "../market-catalog/prng.ts";
import { type UniverseItem, universe } from "../market-catalog/universe.ts";

/**
 * AliExpress's share of the market-catalog universe, kept here rather than in the shared
 * `listings.ts` (whose three markets other code and tests count on): about half the items,
 * keyword-stuffed titles, prices in US dollars well under the reference, a positive-feedback
 * rate instead of stars, no GTIN (the affiliate API shows none) and no brand field.
 */
export type AliExpressProduct = {
  productId: number;
  /** Ground truth: the universe item (never sent on the wire). */
  universeItemId: string;
  title: string;
  /** Only for search (AliExpress sends no brand field). */
  brand: string;
  category: Category;
  salePriceCents: number;
  originalPriceCents: number;
  /** Positive feedback, percent with one decimal, or null for a product without reviews. */
  evaluateRate: number | null;
  /** Units sold lately. */
  volume: number;
  shopId: number;
  commissionRate: number;
};

const LOCAL_BRANDS = new Set(["Tecno", "Infinix", "Oraimo", "Vitron", "Bata", "Ramtons", "Von", "Skyworth"]);

const KIND: Record<Category, string> = {
  phone: "Smartphone Global Version",
  tablet: "Tablet PC",
  laptop: "Laptop Notebook",
  tv: "Smart TV",
  headphones: "Wireless Bluetooth Earphones",
  shoes: "Sneakers Running Shoes",
  watch: "Smart Watch",
  kitchen: "Kitchen Appliance",
  accessory: "Accessories",
  clothing: "Clothing",
};

/** "2026 New Original Samsung Galaxy S24 8GB 256GB Smartphone Global Version Black". */
function titleOf(item: UniverseItem, key: string): string {
  const model = item.edition && !item.model.includes(item.edition) ? `${item.model} ${item.edition}` : item.model;
  const words = [pick(["2026 New", "Original", "Hot Sale", ""], key, "lead")];
  if (item.audience) words.push(item.audience === "Men's" ? "Men" : "Women");
  words.push(model.startsWith(item.brand) ? model : `${item.brand} ${model}`);
  if (item.ram) words.push(item.ram);
  if (item.storage) words.push(item.storage);
  if (item.size) words.push(item.size);
  words.push(KIND[item.category], item.colour);
  return words.filter(Boolean).join(" ").replace(/\s+/g, " ");
}

function makeProduct(item: UniverseItem, productId: number): AliExpressProduct {
  const key = `aliexpress|${item.id}`;
  const sale = Math.max(99, Math.round(item.priceUsd * (0.68 + 0.22 * hash01("price", key))));
  return {
    productId,
    universeItemId: item.id,
    title: titleOf(item, key),
    brand: item.brand,
    category: item.category,
    salePriceCents: sale,
    originalPriceCents: Math.round(sale * (1.3 + 0.6 * hash01("orig", key))),
    evaluateRate: hash01("rated", key) < 0.85 ? Math.round(900 + 100 * hash01("rate", key)) / 10 : null,
    volume: between(0, 20_000, "volume", key),
    shopId: between(900_000_000, 1_103_000_000, "shop", key),
    commissionRate: pick([3, 5, 7, 8.5], key, "commission"),
  };
}

let cache: { products: AliExpressProduct[]; byId: Map<number, AliExpressProduct> } | undefined;

/** AliExpress's products in a fixed order, built once. */
export function aliexpressProducts(): readonly AliExpressProduct[] {
  return built().products;
}

export function findAliExpressProduct(productId: number): AliExpressProduct | undefined {
  return built().byId.get(productId);
}

function built() {
  if (cache) return cache;
  const products: AliExpressProduct[] = [];
  const taken = new Set<number>();
  for (const item of universe()) {
    const share = LOCAL_BRANDS.has(item.brand) ? 0.3 : 0.5;
    if (hash01("listed", "aliexpress", item.id) >= share) continue;
    let id = 1_005_006_000_000_000 + between(0, 999_999_999, "aliexpress-id", item.id);
    while (taken.has(id)) id++;
    taken.add(id);
    products.push(makeProduct(item, id));
  }
  cache = { products, byId: new Map(products.map((p) => [p.productId, p])) };
  return cache;
}
