import type { Ctx } from "../../../platform/ctx.ts";

/**
 * What an adapter needs of the caller's context: it logs (dropped offers, marketplace warnings)
 * and never touches the database, so any module's `Ctx` will do.
 */
export type AdapterCtx = Pick<Ctx, "log" | "requestId">;

/** Every call takes a signal: the aggregator's per-source time budget aborts it. */
export type CallOptions = { signal: AbortSignal };

export const SEARCH_SORTS = ["relevance", "price_asc", "price_desc", "rating", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * A search as the aggregator asks it. Prices are minor units of the marketplace's own currency
 * (`adapter.currency`): the caller converts the shopper's filter before fanning out.
 */
export type SearchQuery = {
  q: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  sort?: SearchSort;
  /** 1-based. */
  page: number;
  pageSize: number;
};

export const AVAILABILITIES = ["in_stock", "limited", "out_of_stock", "unknown"] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const CONDITIONS = ["new", "used", "refurbished", "unknown"] as const;
export type Condition = (typeof CONDITIONS)[number];

/** The one product shape every marketplace is normalized to. Money is integer minor units. */
export type Offer = {
  externalId: string;
  title: string;
  description: string | null;
  priceMinor: number;
  currency: string;
  imageUrl: string | null;
  productUrl: string;
  /** 0–5. */
  rating: number | null;
  ratingCount: number | null;
  availability: Availability;
  /** GTIN-8/12/13/14 (an EAN is a GTIN-13), digits only, when the marketplace tells it. */
  gtin: string | null;
  brand: string | null;
  weightGrams: number | null;
  condition: Condition;
  seller: string | null;
  category: string | null;
};

/** An item the marketplace sent that could not become an Offer; the caller logs these. */
export type DroppedOffer = { externalId?: string; reason: string };

export type SearchResult = {
  offers: Offer[];
  /** What the marketplace says matched in all, when it says. */
  total: number | null;
  dropped: DroppedOffer[];
  /** Non-fatal remarks from the marketplace (eBay `warnings[]`: an ignored filter). */
  warnings: string[];
};

export type ProductLookup =
  | { status: "found"; offer: Offer }
  | { status: "not_found" }
  | { status: "dropped"; dropped: DroppedOffer };

export type ShippingAddress = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string;
  email?: string;
};

/** One supplier order: the lines of one order bought from one marketplace. */
export type PlaceOrderInput = {
  /** Our order reference; travels as the supplier's client reference. */
  clientReference: string;
  /** Same for a retry of the same supplier order, so the marketplace places it once. */
  idempotencyKey: string;
  lines: { externalId: string; quantity: number; unitPriceMinor: number; currency: string }[];
  shipTo: ShippingAddress;
};

export type PlaceOrderResult =
  | { status: "placed"; supplierOrderId: string; totalMinor: number | null; currency: string | null }
  | { status: "rejected"; reason: string }
  /** The marketplace offers no ordering to Sokoni (affiliate or search-only APIs): a person buys by hand. */
  | { status: "unsupported"; reason: string };

export const SUPPLIER_ORDER_STATES = ["pending", "confirmed", "shipped", "delivered", "cancelled"] as const;
export type SupplierOrderState = (typeof SUPPLIER_ORDER_STATES)[number];

export type OrderStatusResult =
  | { status: SupplierOrderState; trackingNumber: string | null; carrier: string | null }
  | { status: "not_found" }
  | { status: "unsupported"; reason: string };

/**
 * A marketplace as a strategy, one implementation per kind (`adapters/<kind>/`). Expected
 * outcomes are values (a missing item, a dropped offer, ordering not offered); a marketplace
 * that fails or refuses throws UpstreamError (MarketplaceAdapterErrorCode); an aborted signal
 * rejects with the signal's reason, untouched, so the caller can tell a timeout from a failure.
 */
export type MarketplaceAdapter = {
  /** The marketplace's code (`ebay-us`). */
  code: string;
  kind: string;
  /** The currency its prices and price filters are in. */
  currency: string;
  search(ctx: AdapterCtx, query: SearchQuery, opts: CallOptions): Promise<SearchResult>;
  getProduct(ctx: AdapterCtx, externalId: string, opts: CallOptions): Promise<ProductLookup>;
  placeOrder(ctx: AdapterCtx, input: PlaceOrderInput, opts: CallOptions): Promise<PlaceOrderResult>;
  getOrderStatus(ctx: AdapterCtx, supplierOrderId: string, opts: CallOptions): Promise<OrderStatusResult>;
};

/** Logs what a call dropped, once per call, so a garbled feed is visible without failing the search. */
export function logDropped(ctx: AdapterCtx, code: string, dropped: DroppedOffer[]): void {
  if (dropped.length > 0) ctx.log.warn({ marketplace: code, dropped }, "marketplace offers dropped");
}
