import { type Listing, listingsOf, type Market } from "./listings.ts";
import type { Category } from "./models.ts";

/** Words a shopper may type for a category, though titles seldom say them. */
const CATEGORY_TERMS: Record<Category, string> = {
  phone: "phone phones smartphone mobile cellphone",
  tablet: "tablet tablets",
  laptop: "laptop laptops notebook computer",
  tv: "tv television smart",
  headphones: "headphones earbuds earphones audio",
  shoes: "shoes sneakers trainers",
  watch: "watch smartwatch",
  kitchen: "kitchen appliance",
  accessory: "accessory accessories",
  clothing: "clothing clothes apparel",
};

/** Lowercase words; "128 GB" and "128GB" both become "128gb", '55"' becomes "55". */
export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d)\s+(gb|tb|mm|l)\b/g, "$1$2")
    .split(/[^a-z0-9.+]+/)
    .map((t) => t.replace(/^[.+]+|[.+]+$/g, ""))
    .filter(Boolean);
}

type Searchable = { title: string; brand: string; category: Category };
type Indexed<T> = { listing: T; titleTokens: string[]; all: Set<string> };
const indexes = new Map<Market, Indexed<Listing>[]>();

function indexEntries<T extends Searchable>(entries: readonly T[]): Indexed<T>[] {
  return entries.map((listing) => {
    const titleTokens = tokens(listing.title);
    const all = new Set([...titleTokens, ...tokens(listing.brand), ...tokens(CATEGORY_TERMS[listing.category])]);
    return { listing, titleTokens, all };
  });
}

function indexOf(market: Market): Indexed<Listing>[] {
  const hit = indexes.get(market);
  if (hit) return hit;
  const built = indexEntries(listingsOf(market));
  indexes.set(market, built);
  return built;
}

function has(all: Set<string>, term: string): boolean {
  if (all.has(term)) return true;
  // Words of three letters or more also match as a prefix ("iphon", "galax").
  if (term.length < 3 || /^\d/.test(term)) return false;
  for (const word of all) if (word.startsWith(term)) return true;
  return false;
}

/**
 * Keyword search over one marketplace's listings: every query word must appear (titles, brand,
 * category words). Ordered by a deterministic relevance (query words early in the title score
 * higher), then by catalog order, so the same query always gives the same page.
 */
export function searchListings(market: Market, query: string): Listing[] {
  return rank(indexOf(market), query);
}

/**
 * The same keyword search over any list of items (a simulator that lists its own share of the
 * universe, Walmart and AliExpress): build once, then call the returned function per query.
 */
export function keywordIndex<T extends Searchable>(entries: readonly T[]): (query: string) => T[] {
  const indexed = indexEntries(entries);
  return (query) => rank(indexed, query);
}

function rank<T>(indexed: Indexed<T>[], query: string): T[] {
  const terms = [...new Set(tokens(query))];
  if (terms.length === 0) return [];
  const scored: { listing: T; score: number; order: number }[] = [];
  indexed.forEach((entry, order) => {
    for (const term of terms) if (!has(entry.all, term)) return;
    let score = 0;
    for (const term of terms) {
      const at = entry.titleTokens.indexOf(term);
      score += at < 0 ? 1 : 10 - Math.min(at, 9) * 0.5;
    }
    score -= entry.titleTokens.length * 0.05;
    scored.push({ listing: entry.listing, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((s) => s.listing);
}

/** Builds `market`'s listings and search index now (simulators call it at start, so no search pays for it). */
export function warmUp(market: Market): void {
  indexOf(market);
}
