import { createPrivateKey, createSign, type KeyObject } from "node:crypto";
import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { UpstreamError } from "../../../../platform/errors.ts";
import { formatMinor } from "../../../../platform/money.ts";
import type {
  AdapterCtx,
  Availability,
  CallOptions,
  MarketplaceAdapter,
  ProductLookup,
  SearchQuery,
  SearchResult,
  SearchSort,
} from "../adapter.ts";
import { type HttpAnswer, jsonObject, sendJson, statusError } from "../http.ts";
import { buildOffer, buildOffers, isOffer, num, type OfferCandidate } from "../normalize.ts";

export type WalmartAdapterOptions = {
  code: string;
  /** https://developer.api.walmart.com (or the simulator); paths start /api-proxy/service/affil/product/v2. */
  baseUrl: string;
  currency: string;
  consumerId: string;
  /** PEM (PKCS#8 or PKCS#1) RSA private key whose public half is registered with Walmart. */
  privateKey: string;
  /** WM_SEC.KEY_VERSION of that key (default "1"). */
  keyVersion?: string;
  /** Sokoni category slug → Walmart categoryId; unmapped categories are not sent. */
  categoryMap?: Record<string, string>;
  /** Affiliate publisher id, sent as `publisherId` so product links carry it. */
  publisherId?: string;
  now?: () => number;
};

const PREFIX = "/api-proxy/service/affil/product/v2";
/** Walmart answers at most 25 items a search and starts no later than the 1,000th. */
const MAX_NUM_ITEMS = 25;
const MAX_START = 1000;
const SORTS: Partial<Record<SearchSort, { sort: string; order?: string }>> = {
  price_asc: { sort: "price", order: "ascending" },
  price_desc: { sort: "price", order: "descending" },
  rating: { sort: "customerRating", order: "descending" },
  newest: { sort: "new" },
};
const STOCK: Record<string, Availability> = {
  available: "in_stock",
  "limited supply": "limited",
  "last few items": "limited",
  "not available": "out_of_stock",
};

/** Reads the PEM once; UpstreamError (MARKETPLACE_MISCONFIGURED) when it is not a private key. */
export function parseWalmartKey(code: string, pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new UpstreamError(
      E.MARKETPLACE_MISCONFIGURED,
      `${code}: the credential private_key is not a PEM private key (${(err as Error).message})`,
    );
  }
}

/**
 * The WM_* headers of one request. The signed string is [U]nconfirmed (protocols.md §5):
 * `consumerId\ntimestamp\nkeyVersion\n`, newline-terminated, RSA-SHA256 (PKCS#1 v1.5), base64 —
 * the form the public clients sign and the sandbox simulator checks. Signed afresh per request:
 * Walmart refuses a stale WM_CONSUMER.INTIMESTAMP.
 */
export function walmartHeaders(consumerId: string, keyVersion: string, key: KeyObject, nowMs: number) {
  const timestamp = String(nowMs);
  const signature = createSign("RSA-SHA256").update(`${consumerId}\n${timestamp}\n${keyVersion}\n`).sign(key, "base64");
  return {
    "WM_CONSUMER.ID": consumerId,
    "WM_CONSUMER.INTIMESTAMP": timestamp,
    "WM_SEC.KEY_VERSION": keyVersion,
    "WM_SEC.AUTH_SIGNATURE": signature,
    accept: "application/json",
  };
}

/**
 * Walmart through its Affiliate Product API v2 (walmart.io): search and item lookup, signed per
 * request with the consumer's RSA key. The affiliate API places no orders: staff buy on
 * walmart.com through the product link. Prices in US dollars; the UPC is the offer's GTIN.
 */
export function createWalmartAdapter(opts: WalmartAdapterOptions): MarketplaceAdapter {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const key = parseWalmartKey(opts.code, opts.privateKey);
  const keyVersion = opts.keyVersion ?? "1";
  const now = opts.now ?? Date.now;
  const source = opts.code;

  async function call(path: string, signal: AbortSignal): Promise<HttpAnswer> {
    const headers = walmartHeaders(opts.consumerId, keyVersion, key, now());
    return sendJson(source, `${base}${PREFIX}${path}`, { method: "GET", headers, signal });
  }

  async function search(ctx: AdapterCtx, query: SearchQuery, { signal }: CallOptions): Promise<SearchResult> {
    const size = Math.min(query.pageSize, MAX_NUM_ITEMS);
    const start = (query.page - 1) * query.pageSize + 1;
    if (start > MAX_START) {
      return { offers: [], dropped: [], total: null, warnings: [`Walmart serves no item past the ${MAX_START}th`] };
    }
    const p = new URLSearchParams({ query: query.q, numItems: String(size), start: String(start) });
    const sort = query.sort ? SORTS[query.sort] : undefined;
    if (sort) {
      p.set("sort", sort.sort);
      if (sort.order) p.set("order", sort.order);
    }
    const categoryId = query.category ? opts.categoryMap?.[query.category] : undefined;
    if (categoryId) p.set("categoryId", categoryId);
    if (query.minPrice !== undefined || query.maxPrice !== undefined) {
      const bound = (minor: number | undefined) => (minor === undefined ? "*" : formatMinor(minor, opts.currency));
      p.set("facet", "on");
      p.set("facet.range", `price:[${bound(query.minPrice)} TO ${bound(query.maxPrice)}]`);
    }
    if (opts.publisherId) p.set("publisherId", opts.publisherId);
    const answer = await call(`/search?${p}`, signal);
    if (answer.status !== 200) throw failure(answer);
    const body = jsonObject(source, answer);
    const items = body.items ?? [];
    if (!Array.isArray(items))
      throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source}'s search answer has no items[]`);
    const { offers, dropped } = buildOffers(items.map(candidate));
    ctx.log.debug({ marketplace: source, count: offers.length }, "Walmart search");
    return { offers, dropped, total: num(body.totalResults), warnings: [] };
  }

  async function getProduct(_ctx: AdapterCtx, externalId: string, { signal }: CallOptions): Promise<ProductLookup> {
    // Walmart item ids are digits; anything else names no item (and must not reach the path).
    if (!/^\d{1,12}$/.test(externalId)) return { status: "not_found" };
    const p = opts.publisherId ? `?${new URLSearchParams({ publisherId: opts.publisherId })}` : "";
    const answer = await call(`/items/${externalId}${p}`, signal);
    if (answer.status === 404) return { status: "not_found" };
    if (answer.status !== 200) throw failure(answer);
    const offer = buildOffer(candidate(jsonObject(source, answer)));
    return isOffer(offer) ? { status: "found", offer } : { status: "dropped", dropped: offer };
  }

  function candidate(raw: unknown): OfferCandidate {
    const item = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const stock = typeof item.stock === "string" ? STOCK[item.stock.trim().toLowerCase()] : undefined;
    return {
      externalId: item.itemId,
      title: item.name,
      description: item.shortDescription,
      price: item.salePrice,
      currency: opts.currency,
      imageUrl: item.largeImage ?? item.mediumImage ?? item.thumbnailImage,
      productUrl: item.productTrackingUrl ?? item.productUrl,
      rating: item.customerRating,
      ratingCount: item.numReviews,
      availability:
        stock ??
        (typeof item.availableOnline === "boolean" ? (item.availableOnline ? "in_stock" : "out_of_stock") : "unknown"),
      // Walmart's barcode is a UPC-A: a GTIN-12.
      gtin: item.upc,
      brand: item.brandName,
      condition: "unknown",
      seller: item.sellerInfo,
      category: item.categoryPath,
    };
  }

  function failure(answer: HttpAnswer): UpstreamError {
    const errors = (answer.body as { errors?: unknown } | undefined)?.errors;
    const first = Array.isArray(errors) ? (errors[0] as { code?: unknown; message?: unknown } | undefined) : undefined;
    const why =
      first && (first.code !== undefined || first.message !== undefined)
        ? `${String(first.code ?? "")}: ${String(first.message ?? "")}`
        : answer.text.slice(0, 120) || "no details";
    return statusError(source, answer.status, why);
  }

  const unsupported = `${opts.code} is searched through Walmart's affiliate API, which places no orders: staff buy on walmart.com`;
  return {
    code: opts.code,
    kind: "walmart",
    currency: opts.currency,
    search,
    getProduct,
    placeOrder: async () => ({ status: "unsupported", reason: unsupported }),
    getOrderStatus: async () => ({ status: "unsupported", reason: unsupported }),
  };
}
