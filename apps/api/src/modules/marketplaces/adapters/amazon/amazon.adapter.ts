import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { UpstreamError } from "../../../../platform/errors.ts";
import type {
  AdapterCtx,
  Availability,
  CallOptions,
  Condition,
  MarketplaceAdapter,
  ProductLookup,
  SearchQuery,
  SearchResult,
  SearchSort,
} from "../adapter.ts";
import { type HttpAnswer, jsonObject, sendJson, statusError } from "../http.ts";
import { buildOffer, buildOffers, isOffer, num, type OfferCandidate } from "../normalize.ts";
import type { Throttle } from "../throttle.ts";
import { amzDate, signV4 } from "./sigv4.ts";

export type AmazonAdapterOptions = {
  code: string;
  /** https://webservices.amazon.com (the locale's host), or the simulator. */
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** The Associates tag every request (and every DetailPageURL) carries. */
  partnerTag: string;
  /** SigV4 region of the locale's host (us-east-1 for webservices.amazon.com). */
  region?: string;
  /** `Marketplace` of the request body (www.amazon.com). */
  marketplace?: string;
  currency: string;
  /** Sokoni category slug → PA-API SearchIndex; others search "All". */
  searchIndexMap?: Record<string, string>;
  /** Shared by every caller of this marketplace (ThrottleRegistry): PA-API allows 1 request/s. */
  throttle: Throttle;
  now?: () => Date;
};

const SERVICE = "ProductAdvertisingAPI";
const TARGET = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1";
/** PA-API answers at most 10 items a page, and GetItems takes at most 10 ids. */
const MAX_ITEM_COUNT = 10;
/** ItemPage runs 1–10: PA-API shows no item past the 100th of a search. */
const MAX_ITEM_PAGE = 10;
const RESOURCES = [
  "ItemInfo.Title",
  "ItemInfo.ByLineInfo",
  "ItemInfo.ExternalIds",
  "ItemInfo.Features",
  "ItemInfo.ProductInfo",
  "ItemInfo.Classifications",
  "Images.Primary.Large",
  "Offers.Listings.Price",
  "Offers.Listings.Availability.Type",
  "Offers.Listings.Condition",
  "Offers.Listings.MerchantInfo",
  "CustomerReviews.Count",
  "CustomerReviews.StarRating",
];
const SORTS: Partial<Record<SearchSort, string>> = {
  price_asc: "Price:LowToHigh",
  price_desc: "Price:HighToLow",
  rating: "AvgCustomerReviews",
  newest: "NewestArrivals",
};

/**
 * LEGACY: Amazon through the Product Advertising API 5.0 (protocols.md §4). PA-API was deprecated
 * on 30 April 2026 and takes no new accounts; its successor, the Creators API (OAuth 2 bearer
 * tokens, `offersV2`), fits the same MarketplaceAdapter interface as a new `amazon-creators`
 * adapter without changes to callers. Requests are SigV4-signed (service ProductAdvertisingAPI)
 * and pass through the marketplace's shared throttle (1 request/s); a 429 pushes the next slot
 * back and is retried once through the queue. PA-API cannot place orders: buying happens on
 * amazon.com through the DetailPageURL.
 */
export function createAmazonAdapter(opts: AmazonAdapterOptions): MarketplaceAdapter {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const host = new URL(base).host;
  const region = opts.region ?? "us-east-1";
  const now = opts.now ?? (() => new Date());
  const source = `Amazon (${opts.code})`;

  async function call(operation: "SearchItems" | "GetItems", payload: object, signal: AbortSignal) {
    const path = `/paapi5/${operation.toLowerCase()}`;
    const body = JSON.stringify({
      ...payload,
      PartnerTag: opts.partnerTag,
      PartnerType: "Associates",
      Marketplace: opts.marketplace ?? "www.amazon.com",
      Resources: RESOURCES,
    });
    const send = async (): Promise<HttpAnswer> => {
      await opts.throttle.acquire(signal);
      // Signed after the wait: the signature's date must be the moment of sending.
      const headers: Record<string, string> = {
        "content-encoding": "amz-1.0",
        "content-type": "application/json; charset=UTF-8",
        host,
        "x-amz-date": amzDate(now()),
        "x-amz-target": `${TARGET}.${operation}`,
      };
      const { authorization } = signV4(
        { method: "POST", url: new URL(`${base}${path}`), headers, body },
        { accessKeyId: opts.accessKey, secretAccessKey: opts.secretKey, region, service: SERVICE },
      );
      // fetch sets Host itself from the URL; it is signed above with the same value.
      const { host: _host, ...sent } = headers;
      return sendJson(source, `${base}${path}`, { method: "POST", headers: { ...sent, authorization }, body, signal });
    };
    let answer = await send();
    if (answer.status === 429) {
      // Another process (or Amazon's own count) used the slot: wait a whole interval more, once.
      opts.throttle.penalize(1000);
      answer = await send();
    }
    return answer;
  }

  async function search(ctx: AdapterCtx, query: SearchQuery, { signal }: CallOptions): Promise<SearchResult> {
    // A page larger than PA-API's 10 items starts at the right item and holds 10 of them.
    const count = Math.min(Math.max(query.pageSize, 1), MAX_ITEM_COUNT);
    const itemPage = Math.floor(((query.page - 1) * query.pageSize) / count) + 1;
    if (itemPage > MAX_ITEM_PAGE) {
      return { offers: [], dropped: [], total: null, warnings: ["PA-API serves at most the first 100 items"] };
    }
    const payload: Record<string, unknown> = {
      Keywords: query.q,
      SearchIndex: (query.category && opts.searchIndexMap?.[query.category]) || "All",
      ItemCount: count,
      ItemPage: itemPage,
    };
    // MinPrice/MaxPrice are in the lowest denomination of the currency, like our minor units.
    if (query.minPrice !== undefined) payload.MinPrice = query.minPrice;
    if (query.maxPrice !== undefined) payload.MaxPrice = query.maxPrice;
    const sort = query.sort ? SORTS[query.sort] : undefined;
    if (sort) payload.SortBy = sort;
    const answer = await call("SearchItems", payload, signal);
    const errors = paapiErrors(answer);
    // No match is an error NoResults in PA-API (a 404, or a 200 without SearchResult), an empty page for us.
    if ((answer.status === 404 || answer.status === 200) && errors.some((e) => e.code === "NoResults")) {
      return { offers: [], dropped: [], total: 0, warnings: [] };
    }
    if (answer.status !== 200) throw amazonError(source, answer.status, errors, answer.text);
    const body = jsonObject(source, answer);
    const result = (body.SearchResult ?? {}) as { Items?: unknown; TotalResultCount?: unknown };
    const items = Array.isArray(result.Items) ? result.Items : [];
    const { offers, dropped } = buildOffers(items.map(candidate));
    const warnings = errors.map((e) => `${e.code}: ${e.message}`);
    if (warnings.length > 0) ctx.log.warn({ marketplace: opts.code, warnings }, "PA-API errors beside results");
    return { offers, dropped, total: num(result.TotalResultCount), warnings };
  }

  async function getProduct(_ctx: AdapterCtx, externalId: string, { signal }: CallOptions): Promise<ProductLookup> {
    const answer = await call("GetItems", { ItemIds: [externalId], ItemIdType: "ASIN" }, signal);
    const errors = paapiErrors(answer);
    if (answer.status === 404) return { status: "not_found" };
    if (answer.status !== 200) throw amazonError(source, answer.status, errors, answer.text);
    const body = jsonObject(source, answer);
    const items = (body.ItemsResult as { Items?: unknown } | undefined)?.Items;
    const item = Array.isArray(items) ? items.find((i) => (i as { ASIN?: unknown })?.ASIN === externalId) : undefined;
    // An unknown or invalid ASIN is a 200 with Errors[InvalidParameterValue] and no item.
    if (!item) return { status: "not_found" };
    const offer = buildOffer(candidate(item));
    return isOffer(offer) ? { status: "found", offer } : { status: "dropped", dropped: offer };
  }

  const unsupported = "PA-API cannot place orders: staff buy on amazon.com through the item's page";
  return {
    code: opts.code,
    kind: "amazon",
    currency: opts.currency,
    search,
    getProduct,
    placeOrder: async () => ({ status: "unsupported", reason: unsupported }),
    getOrderStatus: async () => ({ status: "unsupported", reason: unsupported }),
  };
}

type PaapiItem = {
  ASIN?: unknown;
  DetailPageURL?: unknown;
  ItemInfo?: {
    Title?: { DisplayValue?: unknown };
    Features?: { DisplayValues?: unknown };
    ByLineInfo?: { Brand?: { DisplayValue?: unknown } };
    ExternalIds?: { EANs?: { DisplayValues?: unknown }; UPCs?: { DisplayValues?: unknown } };
    ProductInfo?: { ItemDimensions?: { Weight?: { DisplayValue?: unknown; Unit?: unknown } } };
    Classifications?: { ProductGroup?: { DisplayValue?: unknown } };
  };
  Images?: { Primary?: { Large?: { URL?: unknown }; Medium?: { URL?: unknown } } };
  Offers?: {
    Listings?: {
      Price?: { Amount?: unknown; Currency?: unknown };
      Availability?: { Type?: unknown };
      Condition?: { Value?: unknown };
      MerchantInfo?: { Name?: unknown };
    }[];
  };
  CustomerReviews?: { Count?: unknown; StarRating?: { Value?: unknown } };
};

function candidate(raw: unknown): OfferCandidate {
  const it = (typeof raw === "object" && raw !== null ? raw : {}) as PaapiItem;
  const info = it.ItemInfo ?? {};
  const listing = Array.isArray(it.Offers?.Listings) ? it.Offers.Listings[0] : undefined;
  const features = info.Features?.DisplayValues;
  return {
    externalId: it.ASIN,
    title: info.Title?.DisplayValue,
    description: Array.isArray(features) ? features.filter((f) => typeof f === "string").join("\n") : undefined,
    price: listing?.Price?.Amount,
    currency: listing?.Price?.Currency,
    imageUrl: it.Images?.Primary?.Large?.URL ?? it.Images?.Primary?.Medium?.URL,
    productUrl: it.DetailPageURL,
    rating: it.CustomerReviews?.StarRating?.Value,
    ratingCount: it.CustomerReviews?.Count,
    availability: availability(listing?.Availability?.Type),
    gtin: first(info.ExternalIds?.EANs?.DisplayValues) ?? first(info.ExternalIds?.UPCs?.DisplayValues),
    brand: info.ByLineInfo?.Brand?.DisplayValue,
    weightGrams: grams(
      info.ProductInfo?.ItemDimensions?.Weight?.DisplayValue,
      info.ProductInfo?.ItemDimensions?.Weight?.Unit,
    ),
    condition: condition(listing?.Condition?.Value),
    seller: listing?.MerchantInfo?.Name,
    category: info.Classifications?.ProductGroup?.DisplayValue,
  };
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : undefined;
}

function availability(type: unknown): Availability {
  if (typeof type !== "string") return "unknown";
  if (/^now$|in_?stock/i.test(type)) return "in_stock";
  if (/out_?of_?stock|unavailable/i.test(type)) return "out_of_stock";
  if (/backorder|preorder|left|limited/i.test(type)) return "limited";
  return "unknown";
}

function condition(v: unknown): Condition {
  if (typeof v !== "string") return "unknown";
  if (/^new$/i.test(v)) return "new";
  if (/refurb/i.test(v)) return "refurbished";
  if (/used|collectible/i.test(v)) return "used";
  return "unknown";
}

function grams(value: unknown, unit: unknown): number | undefined {
  const n = num(value);
  if (n === null || typeof unit !== "string") return undefined;
  const u = unit.toLowerCase();
  if (u.startsWith("kilo")) return n * 1000;
  if (u.startsWith("gram")) return n;
  if (u.startsWith("pound")) return n * 453.592;
  if (u.startsWith("ounce")) return n * 28.3495;
  return undefined;
}

type PaapiError = { code: string; message: string };

function paapiErrors(answer: HttpAnswer): PaapiError[] {
  const list = (answer.body as { Errors?: unknown } | undefined)?.Errors;
  if (!Array.isArray(list)) return [];
  return list.map((e) => {
    const o = (e ?? {}) as { Code?: unknown; Message?: unknown };
    return { code: String(o.Code ?? "?"), message: String(o.Message ?? "") };
  });
}

/** PA-API's `{ __type, Errors: [{ Code, Message }] }` as an UpstreamError. */
function amazonError(source: string, status: number, errors: PaapiError[], text: string): UpstreamError {
  const why = errors.map((e) => `${e.code}: ${e.message}`).join("; ") || text.slice(0, 120) || "no details";
  // A bad signature or unknown key is a 401/403 (InvalidSignature, UnrecognizedClient, ...).
  if (errors.some((e) => /signature|unrecognizedclient|accessdenied|incomplete/i.test(e.code))) {
    return new UpstreamError(E.MARKETPLACE_AUTH_FAILED, `${source} refused Sokoni's signature: ${why}`);
  }
  return statusError(source, status, why);
}
