import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { z } from "zod";
import { UpstreamError } from "../../../../platform/errors.ts";
import { formatMinor } from "../../../../platform/money.ts";
import {
  type AdapterCtx,
  AVAILABILITIES,
  type Availability,
  type CallOptions,
  CONDITIONS,
  type Condition,
  type MarketplaceAdapter,
  type ProductLookup,
  SEARCH_SORTS,
  type SearchQuery,
  type SearchResult,
} from "../adapter.ts";
import { jsonObject, sendJson, statusError } from "../http.ts";
import { buildOffer, buildOffers, isOffer, num, type OfferCandidate } from "../normalize.ts";

const Path = z.string().min(1).max(200).describe("A dotted path into the JSON, e.g. prices.price or images.0");

/**
 * How a store's JSON maps onto Sokoni's offer: stored as the marketplace's `adapter_config`
 * (snake_case, like the rest of the API). Only external_id, title and price are required; a
 * store that sends no currency gets `default_currency`, one without product links gets
 * `product_url_template`.
 */
export const GenericMapping = z
  .object({
    search_path: z.string().startsWith("/").describe("Search endpoint, e.g. /api/catalog/search"),
    product_path: z
      .string()
      .startsWith("/")
      .includes("{id}")
      .optional()
      .describe("One item by id, e.g. /api/catalog/products/{id}; without it getProduct searches nothing"),
    query: z
      .object({
        q: z.string().min(1),
        page: z.string().min(1).optional(),
        page_size: z.string().min(1).optional(),
        category: z.string().min(1).optional(),
        min_price: z.string().min(1).optional(),
        max_price: z.string().min(1).optional(),
        sort: z.string().min(1).optional(),
      })
      .strict()
      .describe("Query parameter names the store uses for each part of a search"),
    sort_values: z
      .partialRecord(z.enum(SEARCH_SORTS), z.string().min(1))
      .optional()
      .describe("The store's value of its sort parameter for each Sokoni sort; unlisted sorts are not sent"),
    category_map: z
      .record(z.string(), z.string().min(1))
      .optional()
      .describe("Sokoni category slug → the store's category; with a map, unmapped categories are not sent"),
    max_page_size: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Most items the store sends a page; a larger page starts at the right item and holds this many"),
    price_unit: z
      .enum(["major", "minor"])
      .default("major")
      .describe("Prices (and price filters) in major or minor units"),
    items: Path.describe("Where the list of items sits in a search answer"),
    total: Path.optional().describe("Where the total match count sits in a search answer"),
    product: z
      .string()
      .max(200)
      .optional()
      .describe("Where the item sits in a product answer (omit: the whole answer)"),
    fields: z
      .object({
        external_id: Path,
        title: Path,
        price: Path,
        currency: Path.optional(),
        description: Path.optional(),
        image: Path.optional(),
        product_url: Path.optional(),
        rating: Path.optional(),
        rating_count: Path.optional(),
        availability: Path.optional(),
        gtin: Path.optional(),
        brand: Path.optional(),
        weight_grams: Path.optional(),
        condition: Path.optional(),
        seller: Path.optional(),
        category: Path.optional(),
      })
      .strict(),
    availability_values: z
      .record(z.string(), z.enum(AVAILABILITIES))
      .optional()
      .describe('The store\'s availability words, e.g. { "in stock": "in_stock" }; others are unknown'),
    condition_values: z.record(z.string(), z.enum(CONDITIONS)).optional(),
    rating_scale: z.number().positive().default(5).describe("Top of the store's rating scale"),
    default_currency: z.string().length(3).optional(),
    product_url_template: z
      .string()
      .includes("{id}")
      .optional()
      .describe("Product page when the item has no URL, e.g. https://www.jumia.co.ke/p/{id}"),
    /** Header carrying the `api_key` credential, when the store wants one. */
    api_key_header: z.string().min(1).max(100).optional(),
  })
  .strict();
export type GenericMapping = z.output<typeof GenericMapping>;

export type GenericAdapterOptions = {
  code: string;
  kind: string;
  baseUrl: string;
  currency: string;
  mapping: GenericMapping;
  apiKey?: string;
};

/** Parses a stored mapping; UpstreamError (MARKETPLACE_MISCONFIGURED) names what is wrong. */
export function parseGenericMapping(code: string, config: unknown): GenericMapping {
  const parsed = GenericMapping.safeParse(config);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  throw new UpstreamError(E.MARKETPLACE_MISCONFIGURED, `The field mapping of ${code} is unusable: ${why}`);
}

/**
 * A store that publishes JSON but no documented buyer API (Jumia and the like), read through a
 * field mapping kept with the marketplace. Such stores take no orders from Sokoni.
 */
export function createGenericAdapter(opts: GenericAdapterOptions): MarketplaceAdapter {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const m = opts.mapping;
  const source = `${opts.code}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (m.api_key_header && opts.apiKey) headers[m.api_key_header] = opts.apiKey;

  const money = (minor: number) => (m.price_unit === "minor" ? String(minor) : formatMinor(minor, opts.currency));

  async function search(_ctx: AdapterCtx, query: SearchQuery, { signal }: CallOptions): Promise<SearchResult> {
    const p = new URLSearchParams({ [m.query.q]: query.q });
    const size = Math.min(query.pageSize, m.max_page_size ?? query.pageSize);
    const page = Math.floor(((query.page - 1) * query.pageSize) / size) + 1;
    if (m.query.page) p.set(m.query.page, String(page));
    if (m.query.page_size) p.set(m.query.page_size, String(size));
    const category = query.category && (m.category_map ? m.category_map[query.category] : query.category);
    if (m.query.category && category) p.set(m.query.category, category);
    if (m.query.min_price && query.minPrice !== undefined) p.set(m.query.min_price, money(query.minPrice));
    if (m.query.max_price && query.maxPrice !== undefined) p.set(m.query.max_price, money(query.maxPrice));
    const sort = query.sort ? m.sort_values?.[query.sort] : undefined;
    if (m.query.sort && sort) p.set(m.query.sort, sort);
    const answer = await sendJson(source, `${base}${m.search_path}?${p}`, { method: "GET", headers, signal });
    if (answer.status !== 200) throw statusError(source, answer.status, reason(answer.body, answer.text));
    const body = jsonObject(source, answer);
    const items = at(body, m.items);
    if (!Array.isArray(items)) {
      throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source}'s search answer has no list at "${m.items}"`);
    }
    const { offers, dropped } = buildOffers(items.map(candidate));
    return { offers, dropped, total: m.total ? num(at(body, m.total)) : null, warnings: [] };
  }

  async function getProduct(_ctx: AdapterCtx, externalId: string, { signal }: CallOptions): Promise<ProductLookup> {
    if (!m.product_path) {
      throw new UpstreamError(E.MARKETPLACE_MISCONFIGURED, `${source} has no product_path in its field mapping`);
    }
    const url = `${base}${m.product_path.replace("{id}", encodeURIComponent(externalId))}`;
    const answer = await sendJson(source, url, { method: "GET", headers, signal });
    if (answer.status === 404) return { status: "not_found" };
    if (answer.status !== 200) throw statusError(source, answer.status, reason(answer.body, answer.text));
    const body = jsonObject(source, answer);
    const item = m.product ? at(body, m.product) : body;
    if (item === undefined || item === null) return { status: "not_found" };
    const offer = buildOffer(candidate(item));
    return isOffer(offer) ? { status: "found", offer } : { status: "dropped", dropped: offer };
  }

  function candidate(item: unknown): OfferCandidate {
    const f = m.fields;
    const get = (path: string | undefined) => (path ? at(item, path) : undefined);
    const id = get(f.external_id);
    const url = get(f.product_url);
    return {
      externalId: id,
      title: get(f.title),
      description: get(f.description),
      price: get(f.price),
      priceIsMinor: m.price_unit === "minor",
      currency: get(f.currency) ?? m.default_currency ?? opts.currency,
      imageUrl: absolute(get(f.image)),
      productUrl:
        absolute(url) ??
        (m.product_url_template && (typeof id === "string" || typeof id === "number")
          ? m.product_url_template.replace("{id}", encodeURIComponent(String(id)))
          : undefined),
      rating: get(f.rating),
      ratingScale: m.rating_scale,
      ratingCount: get(f.rating_count),
      availability: availability(get(f.availability), m.availability_values),
      gtin: get(f.gtin),
      brand: get(f.brand),
      weightGrams: get(f.weight_grams),
      condition: condition(get(f.condition), m.condition_values),
      seller: get(f.seller),
      category: get(f.category),
    };
  }

  /** Store-relative links ("/p/123") made absolute against the API's base. */
  function absolute(v: unknown): unknown {
    return typeof v === "string" && v.startsWith("/") && !v.startsWith("//") ? `${base}${v}` : v;
  }

  const unsupported = `${opts.code} publishes no ordering API: staff buy on the store's site`;
  return {
    code: opts.code,
    kind: opts.kind,
    currency: opts.currency,
    search,
    getProduct,
    placeOrder: async () => ({ status: "unsupported", reason: unsupported }),
    getOrderStatus: async () => ({ status: "unsupported", reason: unsupported }),
  };
}

/** The value at a dotted path ("prices.price", "images.0.url"), or undefined. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split(".")) {
    if (key === "") continue;
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? cur[Number(key)] : (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function availability(v: unknown, table: Record<string, Availability> | undefined): Availability {
  if (typeof v === "boolean") return v ? "in_stock" : "out_of_stock";
  // A stock count.
  if (typeof v === "number") return v > 0 ? "in_stock" : "out_of_stock";
  if (typeof v !== "string") return "unknown";
  const word = v.trim().toLowerCase();
  const hit = table?.[v] ?? table?.[word];
  if (hit) return hit;
  return (AVAILABILITIES as readonly string[]).includes(word) ? (word as Availability) : "unknown";
}

function condition(v: unknown, table: Record<string, Condition> | undefined): Condition {
  if (typeof v !== "string") return "unknown";
  const word = v.trim().toLowerCase();
  const hit = table?.[v] ?? table?.[word];
  if (hit) return hit;
  return (CONDITIONS as readonly string[]).includes(word) ? (word as Condition) : "unknown";
}

/** The store's error words: `message`, `detail`, `error`, or `error: { code, message }`. */
function reason(body: unknown, text: string): string {
  const b = (body ?? {}) as { message?: unknown; error?: unknown; detail?: unknown };
  const nested =
    typeof b.error === "object" && b.error !== null ? (b.error as { code?: unknown; message?: unknown }) : {};
  const words = [nested.code, nested.message ?? b.message ?? b.detail ?? b.error].filter((w) => typeof w === "string");
  return words.length > 0 ? words.join(": ") : text.slice(0, 120) || "no details";
}
