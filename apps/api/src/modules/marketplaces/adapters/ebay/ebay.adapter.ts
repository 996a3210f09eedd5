import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { UpstreamError } from "../../../../platform/errors.ts";
import { formatMinor } from "../../../../platform/money.ts";
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

export type EbayAdapterOptions = {
  code: string;
  /** Where the Browse API lives: https://api.ebay.com, or the simulator. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** X-EBAY-C-MARKETPLACE-ID (EBAY_US when left out, as eBay itself defaults). */
  marketplaceId?: string;
  /** Currency of prices and of the price filter (USD on EBAY_US). */
  currency: string;
  /** Sokoni category slug → eBay category id; other categories are not sent (the caller filters). */
  categoryMap?: Record<string, string>;
  /** Refresh the token this long before eBay says it expires (default 5 minutes). */
  refreshMarginMs?: number;
  /** Bound on a token request, which many callers share, so no one caller's signal cancels it. */
  tokenTimeoutMs?: number;
  now?: () => number;
};

const SCOPE = "https://api.ebay.com/oauth/api_scope";
const SORTS: Partial<Record<SearchSort, string>> = { price_asc: "price", price_desc: "-price", newest: "newlyListed" };

/**
 * eBay through the Browse API (protocols.md §3). An application token (OAuth client
 * credentials) is cached until shortly before it expires and refreshed by one request however
 * many searches wait for it; the grant is limited to 1,000 a day. Search results carry no GTIN,
 * brand or rating; getProduct (getItem) does. Ordering needs the Limited Release Buy Order API,
 * which Sokoni is not approved for, so placeOrder answers "unsupported".
 */
export function createEbayAdapter(opts: EbayAdapterOptions): MarketplaceAdapter & { tokensFetched(): number } {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const source = `eBay (${opts.code})`;
  const margin = opts.refreshMarginMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  const marketplaceId = opts.marketplaceId ?? "EBAY_US";
  let token: { value: string; expiresAt: number } | undefined;
  let refreshing: Promise<string> | undefined;
  let fetched = 0;

  async function accessToken(signal: AbortSignal, force = false): Promise<string> {
    if (!force && token && token.expiresAt - margin > now()) return token.value;
    // Single flight: every caller waiting for a token shares one request.
    refreshing ??= fetchToken().finally(() => {
      refreshing = undefined;
    });
    return untilAborted(refreshing, signal);
  }

  async function fetchToken(): Promise<string> {
    fetched++;
    const basic = Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString("base64");
    const answer = await sendJson(source, `${base}/identity/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: SCOPE }).toString(),
      signal: AbortSignal.timeout(opts.tokenTimeoutMs ?? 10_000),
    });
    if (answer.status !== 200) {
      const b = answer.body as { error?: unknown; error_description?: unknown } | undefined;
      const why =
        typeof b?.error === "string" ? `${b.error}: ${String(b.error_description ?? "")}` : answer.text.slice(0, 120);
      throw answer.status === 400 || answer.status === 401
        ? new UpstreamError(E.MARKETPLACE_AUTH_FAILED, `${source} refused Sokoni's application keys: ${why}`)
        : statusError(source, answer.status, why);
    }
    const b = jsonObject(source, answer);
    const ttl = Number(b.expires_in);
    if (typeof b.access_token !== "string" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source}'s token answer has no access_token/expires_in`);
    }
    token = { value: b.access_token, expiresAt: now() + ttl * 1000 };
    return token.value;
  }

  /** An authenticated GET; a 401 on a cached token (revoked early) refreshes it and retries once. */
  async function get(ctx: AdapterCtx, path: string, signal: AbortSignal): Promise<HttpAnswer> {
    const call = async (t: string) =>
      sendJson(source, `${base}${path}`, {
        method: "GET",
        headers: { authorization: `Bearer ${t}`, "x-ebay-c-marketplace-id": marketplaceId, accept: "application/json" },
        signal,
      });
    let answer = await call(await accessToken(signal));
    if (answer.status === 401) {
      ctx.log.info({ marketplace: opts.code }, "eBay refused the cached token; fetching a new one");
      answer = await call(await accessToken(signal, true));
    }
    return answer;
  }

  async function search(ctx: AdapterCtx, query: SearchQuery, { signal }: CallOptions): Promise<SearchResult> {
    const limit = Math.min(Math.max(query.pageSize, 1), 200);
    const params = new URLSearchParams({ q: query.q, limit: String(limit), offset: String((query.page - 1) * limit) });
    const filter = priceFilter(query, opts.currency);
    if (filter) params.set("filter", filter);
    const sort = query.sort ? SORTS[query.sort] : undefined;
    if (sort) params.set("sort", sort);
    const categoryId = query.category ? opts.categoryMap?.[query.category] : undefined;
    if (categoryId) params.set("category_ids", categoryId);

    const answer = await get(ctx, `/buy/browse/v1/item_summary/search?${params}`, signal);
    if (answer.status !== 200) throw ebayError(source, answer);
    const body = jsonObject(source, answer);
    const warnings = messages(body.warnings);
    // An invalid filter is answered 200 with a warning and silently ignored (protocols.md §3.2).
    if (warnings.length > 0) ctx.log.warn({ marketplace: opts.code, warnings }, "eBay search warnings");
    const summaries = Array.isArray(body.itemSummaries) ? body.itemSummaries : [];
    const { offers, dropped } = buildOffers(summaries.map((s) => candidate(s)));
    return { offers, dropped, total: num(body.total), warnings };
  }

  async function getProduct(ctx: AdapterCtx, externalId: string, { signal }: CallOptions): Promise<ProductLookup> {
    const answer = await get(ctx, `/buy/browse/v1/item/${encodeURIComponent(externalId)}`, signal);
    if (answer.status === 404) return { status: "not_found" };
    // 11006: not an item id eBay could ever have (a stale or hand-typed id).
    if (answer.status === 400 && errorIds(answer).includes(11006)) return { status: "not_found" };
    if (answer.status !== 200) throw ebayError(source, answer);
    const item = jsonObject(source, answer);
    const offer = buildOffer(candidate(item, true));
    return isOffer(offer) ? { status: "found", offer } : { status: "dropped", dropped: offer };
  }

  const unsupported =
    "eBay's Buy Order API is Limited Release and Sokoni is not approved for it: staff buy on the listing's page";

  return {
    code: opts.code,
    kind: "ebay",
    currency: opts.currency,
    search,
    getProduct,
    placeOrder: async () => ({ status: "unsupported", reason: unsupported }),
    getOrderStatus: async () => ({ status: "unsupported", reason: unsupported }),
    tokensFetched: () => fetched,
  };
}

function priceFilter(query: SearchQuery, currency: string): string | undefined {
  if (query.minPrice === undefined && query.maxPrice === undefined) return undefined;
  const lo = query.minPrice === undefined ? "" : formatMinor(query.minPrice, currency);
  const hi = query.maxPrice === undefined ? "" : formatMinor(query.maxPrice, currency);
  // eBay ignores a price filter without priceCurrency.
  return `price:[${lo}..${hi}],priceCurrency:${currency}`;
}

type EbayItem = {
  itemId?: unknown;
  title?: unknown;
  shortDescription?: unknown;
  description?: unknown;
  price?: { value?: unknown; currency?: unknown };
  image?: { imageUrl?: unknown };
  itemWebUrl?: unknown;
  conditionId?: unknown;
  condition?: unknown;
  seller?: { username?: unknown };
  categories?: { categoryName?: unknown }[];
  categoryPath?: unknown;
  gtin?: unknown;
  brand?: unknown;
  primaryProductReviewRating?: { averageRating?: unknown; reviewCount?: unknown };
  estimatedAvailabilities?: { estimatedAvailabilityStatus?: unknown }[];
  localizedAspects?: { name?: unknown; value?: unknown }[];
};

function candidate(raw: unknown, detailed = false): OfferCandidate {
  const it = (typeof raw === "object" && raw !== null ? raw : {}) as EbayItem;
  const c: OfferCandidate = {
    externalId: it.itemId,
    title: it.title,
    description: it.shortDescription ?? (typeof it.description === "string" ? stripTags(it.description) : undefined),
    price: it.price?.value,
    currency: it.price?.currency,
    imageUrl: it.image?.imageUrl,
    productUrl: it.itemWebUrl,
    condition: condition(it.conditionId, it.condition),
    seller: it.seller?.username,
    category: Array.isArray(it.categories) ? it.categories[0]?.categoryName : undefined,
  };
  if (!detailed) return c;
  const aspects = Array.isArray(it.localizedAspects) ? it.localizedAspects : [];
  const aspect = (name: RegExp) => aspects.find((a) => typeof a?.name === "string" && name.test(a.name))?.value;
  return {
    ...c,
    gtin: it.gtin,
    brand: it.brand ?? aspect(/^brand$/i),
    rating: it.primaryProductReviewRating?.averageRating,
    ratingCount: num(it.primaryProductReviewRating?.reviewCount),
    availability: availability(it.estimatedAvailabilities?.[0]?.estimatedAvailabilityStatus),
    weightGrams: aspect(/weight/i),
    category: typeof it.categoryPath === "string" ? it.categoryPath.split("|").pop() : c.category,
  };
}

/** eBay condition ids: 1000 new, 1500–2990 new other / refurbished, 3000+ used or for parts. */
function condition(id: unknown, label: unknown): Condition {
  const n = num(id);
  if (n !== null) {
    if (n === 1000 || n === 1500 || n === 1750) return "new";
    if (n >= 2000 && n < 3000) return "refurbished";
    if (n >= 3000) return "used";
  }
  if (typeof label === "string") {
    if (/refurb/i.test(label)) return "refurbished";
    if (/used|pre-owned/i.test(label)) return "used";
    if (/new/i.test(label)) return "new";
  }
  return "unknown";
}

function availability(status: unknown): Availability {
  if (status === "IN_STOCK") return "in_stock";
  if (status === "LIMITED_STOCK") return "limited";
  if (status === "OUT_OF_STOCK") return "out_of_stock";
  return "unknown";
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function messages(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((w) => {
    const o = (w ?? {}) as { errorId?: unknown; message?: unknown; longMessage?: unknown };
    return `${o.errorId ?? "?"}: ${String(o.longMessage ?? o.message ?? "warning")}`;
  });
}

function errorIds(answer: HttpAnswer): number[] {
  const errs = (answer.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errs) ? errs.map((e) => Number((e as { errorId?: unknown })?.errorId)) : [];
}

/** eBay's `{ errors: [{ errorId, message, longMessage }] }` envelope as an UpstreamError. */
function ebayError(source: string, answer: HttpAnswer): UpstreamError {
  const errs = messages((answer.body as { errors?: unknown } | undefined)?.errors);
  return statusError(source, answer.status, errs.join("; ") || answer.text.slice(0, 120) || "no details");
}

/** The shared promise, or the caller's own abort, whichever comes first. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
