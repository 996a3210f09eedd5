// Product search, used by the products use-cases.
export {
  createListingCache,
  createTtlCache,
  LISTING_CACHE_TTL_MS,
  type ListingCache,
  type TtlCache,
} from "./listing-cache.ts";
export {
  type GroupSearch,
  type GroupSort,
  type ProductSearch,
  type ProductSort,
  parseQuery,
  type SearchResult,
  searchGroups,
  searchProducts,
} from "./product-search.ts";
