import { createHmac } from "node:crypto";
import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { UpstreamError } from "../../../../platform/errors.ts";
import type {
  AdapterCtx,
  CallOptions,
  MarketplaceAdapter,
  ProductLookup,
  SearchQuery,
  SearchResult,
  SearchSort,
} from "../adapter.ts";
import { jsonObject, sendJson, statusError } from "../http.ts";
import { buildOffer, buildOffers, isOffer, num, type OfferCandidate } from "../normalize.ts";

export type AliExpressAdapterOptions = {
  code: string;
  /** https://api-sg.aliexpress.com (or the simulator); calls go to `<base>/sync`. */
  baseUrl: string;
  /** The marketplace's currency, sent as target_currency (AliExpress converts; KES is not offered). */
  currency: string;
  appKey: string;
  appSecret: string;
  /** Affiliate tracking id: without it AliExpress sends no promotion_link (the product page is used). */
  trackingId?: string;
  /** target_language (default EN). */
  language?: string;
  /** Sokoni category slug → AliExpress category id(s), comma-separated; unmapped categories are not sent. */
  categoryMap?: Record<string, string>;
  now?: () => number;
};

export const ALIEXPRESS_METHODS = {
  query: "aliexpress.affiliate.product.query",
  detail: "aliexpress.affiliate.productdetail.get",
} as const;
/** The affiliate search answers at most 50 products a page. */
const MAX_PAGE_SIZE = 50;
const SORTS: Partial<Record<SearchSort, string>> = {
  price_asc: "SALE_PRICE_ASC",
  price_desc: "SALE_PRICE_DESC",
};
/** Gateway error codes that mean Sokoni's app key or signature was refused. */
const AUTH_CODES = new Set([
  "IncompleteSignature",
  "InvalidAppKey",
  "InvalidApiKey",
  "InvalidSignature",
  "InvalidTimestamp",
  "AppKeyNotExist",
  "AccessDenied",
]);

/**
 * The `sign` of an AliExpress Open Platform call (protocols.md §5): uppercase hex HMAC-SHA256,
 * keyed by the app secret, of every parameter but `sign` sorted by name and written
 * name-then-value with no separator (`k1v1k2v2…`). `/sync` calls put no API path in front.
 */
export function signAliExpress(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== "sign")
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join("");
  return createHmac("sha256", secret).update(text, "utf8").digest("hex").toUpperCase();
}

/**
 * AliExpress through its affiliate API (Open Platform, `/sync` gateway): product search and
 * detail, every call signed afresh (the timestamp is part of it). Answers follow the shape in
 * bububa/opentaobao model/aecreatives (AliexpressAffiliateProductQueryAPIResponse: resp_result →
 * result → products.product[]), the `search` tool's source for it. Affiliate "orders" are
 * commission reports: buying needs AliExpress's separate dropshipping API, so ordering is
 * unsupported here. No GTIN or brand comes back; the rating is the positive-feedback rate
 * (evaluate_rate, a percentage) on a 0–5 scale, with no count.
 */
export function createAliExpressAdapter(opts: AliExpressAdapterOptions): MarketplaceAdapter {
  const url = `${opts.baseUrl.replace(/\/+$/, "")}/sync`;
  const now = opts.now ?? Date.now;
  const source = opts.code;

  /** One signed call; the `resp_result` of its answer, or UpstreamError. */
  async function call(method: string, business: Record<string, string>, signal: AbortSignal) {
    const params: Record<string, string> = {
      method,
      app_key: opts.appKey,
      timestamp: String(now()),
      sign_method: "sha256",
      target_currency: opts.currency,
      target_language: opts.language ?? "EN",
      ...business,
    };
    if (opts.trackingId) params.tracking_id = opts.trackingId;
    params.sign = signAliExpress(params, opts.appSecret);
    const answer = await sendJson(source, url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8", accept: "application/json" },
      body: new URLSearchParams(params).toString(),
      signal,
    });
    const body = answer.body as Record<string, unknown> | undefined;
    const error = (body?.error_response ?? (body && "code" in body && !("resp_result" in body) ? body : undefined)) as
      | { code?: unknown; msg?: unknown; message?: unknown }
      | undefined;
    if (error && typeof error === "object") {
      const code = String(error.code ?? "");
      const why = `${code}: ${String(error.msg ?? error.message ?? "")}`;
      if (AUTH_CODES.has(code)) {
        throw new UpstreamError(E.MARKETPLACE_AUTH_FAILED, `${source} refused Sokoni's credentials: ${why}`);
      }
      if (code === "ApiCallLimit" || code.startsWith("AppCallLimited")) {
        throw new UpstreamError(E.MARKETPLACE_THROTTLED, `${source} is throttling Sokoni: ${why}`);
      }
      throw statusError(source, Math.max(answer.status, 400), why);
    }
    if (answer.status !== 200) throw statusError(source, answer.status, answer.text.slice(0, 120) || "no details");
    const envelope = jsonObject(source, answer)[`${method.replace(/\./g, "_")}_response`] as
      | { resp_result?: { resp_code?: unknown; resp_msg?: unknown; result?: unknown } }
      | undefined;
    const resp = envelope?.resp_result;
    if (!resp || typeof resp !== "object") {
      throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source} answered ${method} without a resp_result`);
    }
    if (num(resp.resp_code) !== 200) {
      throw new UpstreamError(
        E.MARKETPLACE_REQUEST_REFUSED,
        `${source} refused the request (${String(resp.resp_code)}): ${String(resp.resp_msg ?? "no details")}`,
      );
    }
    return (typeof resp.result === "object" && resp.result !== null ? resp.result : {}) as Record<string, unknown>;
  }

  function productsOf(result: Record<string, unknown>): unknown[] {
    const products = result.products as { product?: unknown } | undefined;
    // An empty answer may carry no products at all.
    if (products === undefined || products === null) return [];
    if (Array.isArray(products.product)) return products.product;
    if (Array.isArray(products)) return products;
    throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source}'s answer has no products.product[]`);
  }

  async function search(_ctx: AdapterCtx, query: SearchQuery, { signal }: CallOptions): Promise<SearchResult> {
    const size = Math.min(query.pageSize, MAX_PAGE_SIZE);
    const page = Math.floor(((query.page - 1) * query.pageSize) / size) + 1;
    const business: Record<string, string> = { keywords: query.q, page_no: String(page), page_size: String(size) };
    const sort = query.sort ? SORTS[query.sort] : undefined;
    if (sort) business.sort = sort;
    const category = query.category ? opts.categoryMap?.[query.category] : undefined;
    if (category) business.category_ids = category;
    // Whole cents of target_currency ([U] in protocols.md: the simulator takes the same).
    if (query.minPrice !== undefined) business.min_sale_price = String(query.minPrice);
    if (query.maxPrice !== undefined) business.max_sale_price = String(query.maxPrice);
    const result = await call(ALIEXPRESS_METHODS.query, business, signal);
    const { offers, dropped } = buildOffers(productsOf(result).map(candidate));
    return { offers, dropped, total: num(result.total_record_count), warnings: [] };
  }

  async function getProduct(_ctx: AdapterCtx, externalId: string, { signal }: CallOptions): Promise<ProductLookup> {
    if (!/^\d{1,20}$/.test(externalId)) return { status: "not_found" };
    const result = await call(ALIEXPRESS_METHODS.detail, { product_ids: externalId }, signal);
    const raw = productsOf(result)[0];
    if (raw === undefined) return { status: "not_found" };
    const offer = buildOffer(candidate(raw));
    return isOffer(offer) ? { status: "found", offer } : { status: "dropped", dropped: offer };
  }

  function candidate(raw: unknown): OfferCandidate {
    const p = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const rate = typeof p.evaluate_rate === "string" ? p.evaluate_rate.replace(/%$/, "") : p.evaluate_rate;
    return {
      externalId: p.product_id,
      title: p.product_title,
      price: p.target_sale_price,
      currency: p.target_sale_price_currency ?? opts.currency,
      imageUrl: p.product_main_image_url,
      productUrl: p.promotion_link ?? p.product_detail_url,
      rating: rate,
      ratingScale: 100,
      availability: "unknown",
      condition: "new",
      category: p.second_level_category_name ?? p.first_level_category_name,
    };
  }

  const unsupported = `${opts.code} is searched through AliExpress's affiliate API, which places no orders: staff buy on aliexpress.com`;
  return {
    code: opts.code,
    kind: "aliexpress",
    currency: opts.currency,
    search,
    getProduct,
    placeOrder: async () => ({ status: "unsupported", reason: unsupported }),
    getOrderStatus: async () => ({ status: "unsupported", reason: unsupported }),
  };
}
