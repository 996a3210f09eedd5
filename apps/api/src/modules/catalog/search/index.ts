// Product search, used by the products use-cases.
export {
  type ProductSearch,
  type ProductSort,
  parseQuery,
  type SearchResult,
  searchProducts,
} from "./product-search.ts";
