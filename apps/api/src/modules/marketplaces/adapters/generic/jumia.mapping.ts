import type { z } from "zod";
import type { GenericMapping } from "./generic.adapter.ts";

/**
 * The field mapping of a Jumia-like store's JSON catalog (what the sandbox's Jumia simulator
 * serves: `/api/catalog/search`, `/api/catalog/products/:sku`, KES prices in shillings, an
 * `X-Api-Key` header). A `jumia` marketplace stored without an adapter_config uses it.
 */
export const JUMIA_MAPPING = {
  search_path: "/api/catalog/search",
  product_path: "/api/catalog/products/{id}",
  query: {
    q: "q",
    page: "page",
    page_size: "perPage",
    category: "category",
    min_price: "minPrice",
    max_price: "maxPrice",
    sort: "sort",
  },
  sort_values: {
    relevance: "popularity",
    price_asc: "lowest-price",
    price_desc: "highest-price",
    newest: "newest",
    rating: "rating",
  },
  category_map: {
    phone: "phones-tablets",
    tablet: "phones-tablets",
    accessory: "mobile-accessories",
    laptop: "computing",
    tv: "televisions",
    headphones: "electronics",
    watch: "electronics",
    shoes: "fashion",
    kitchen: "home-office",
  },
  max_page_size: 48,
  price_unit: "major",
  items: "products",
  total: "pagination.totalItems",
  product: "product",
  fields: {
    external_id: "sku",
    title: "name",
    price: "prices.price",
    currency: "prices.currency",
    description: "description",
    image: "image",
    product_url: "url",
    rating: "rating.average",
    rating_count: "rating.totalRatings",
    availability: "isBuyable",
    gtin: "ean",
    brand: "brand",
    weight_grams: "weight",
    seller: "seller.name",
    category: "category",
  },
  api_key_header: "x-api-key",
} satisfies z.input<typeof GenericMapping>;
