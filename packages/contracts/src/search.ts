import { z } from "zod";
import { PriceFilter, ProductResponse } from "./catalog.ts";
import { CurrencyCode, MoneyString, PageQuery } from "./common.ts";

/** GET /api/search: one search over the house catalog and every active marketplace. */

export const SEARCH_SORTS = ["relevance", "price_asc", "price_desc", "rating", "delivery"] as const;
export const SearchSort = z.enum(SEARCH_SORTS);
export type SearchSort = z.infer<typeof SearchSort>;

export const SearchQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(200).describe("What to look for, in every store at once"),
  category: z.string().min(1).max(120).optional().describe("Category slug"),
  min_price: PriceFilter.optional(),
  max_price: PriceFilter.optional(),
  sort: SearchSort.optional().describe("Default relevance; delivery: the fastest offer of an item first"),
}).refine((v) => v.min_price === undefined || v.max_price === undefined || Number(v.min_price) <= Number(v.max_price), {
  message: "must not be below min_price",
  path: ["max_price"],
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const DELIVERY_ROUTES = ["house", "domestic", "warehouse"] as const;
export const DeliveryEstimateResponse = z.object({
  route: z
    .enum(DELIVERY_ROUTES)
    .describe("house: Sokoni's shelves; domestic: the store delivers in Kenya; warehouse: via Sokoni's warehouse"),
  min_days: z.number().int(),
  max_days: z.number().int(),
});
export type DeliveryEstimateResponse = z.infer<typeof DeliveryEstimateResponse>;

export const OfferResponse = ProductResponse.extend({ delivery: DeliveryEstimateResponse });
export type OfferResponse = z.infer<typeof OfferResponse>;

export const SearchItemResponse = z.object({
  key: z.string().describe("The item's relation token (or its one product's id)"),
  offers: z.array(OfferResponse).describe("The same item in each store, cheapest first (at most 20)"),
  cheapest_id: z.uuid(),
  best_rated_id: z.uuid().nullable(),
  min_store_price: MoneyString,
  max_store_price: MoneyString,
  spread: MoneyString.describe("max − min store price: what choosing the cheapest saves"),
  store_currency: CurrencyCode,
});
export type SearchItemResponse = z.infer<typeof SearchItemResponse>;

export const SOURCE_STATUSES = ["ok", "timeout", "error", "circuit_open"] as const;
export const SourceStatusResponse = z.object({
  code: z.string(),
  name: z.string(),
  status: z
    .enum(SOURCE_STATUSES)
    .describe("timeout: cut off at its time budget; circuit_open: skipped after failing repeatedly"),
  latency_ms: z.number().int(),
  count: z.number().int().describe("Offers it answered with"),
  dropped: z.number().int().describe("Offers left out as malformed"),
  cached: z.boolean().describe("Answered from the last minute's identical search"),
  error: z.string().nullable(),
});
export type SourceStatusResponse = z.infer<typeof SourceStatusResponse>;

export const SearchResponse = z.object({
  items: z.array(SearchItemResponse),
  page: z.number().int(),
  page_size: z.number().int(),
  total: z.number().int().describe("Items (not offers) matching in all"),
  sources: z.array(SourceStatusResponse).describe("How each external marketplace answered this search"),
});
export type SearchResponse = z.infer<typeof SearchResponse>;
