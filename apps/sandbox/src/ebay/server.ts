import { randomBytes } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import {
  createSwitches,
  findListing,
  GARBLED_BODY,
  type Listing,
  listingsOf,
  registerImageRoute,
  registerSwitchRoutes,
  type SimMode,
  type SimModeInput,
  searchListings,
  universeItemOf,
  warmUp,
} from "../market-catalog/index.ts";
import type { Category } from "../market-catalog/models.ts";

/**
 * An eBay Browse API simulator (../shared/docs/protocols.md §3) over the shared market catalog:
 * the OAuth client-credentials grant, item_summary/search (q / gtin / category_ids, limit and
 * offset rules, filter price:[a..b] + priceCurrency, conditionIds, buyingOptions, sort) and getItem,
 * with eBay's error envelope. Summaries never carry a GTIN; getItem does on about half the
 * listings. An unsupported or incomplete filter is ignored with a 200 and `warnings[]`, as eBay
 * does. The failure switches (latency, slow, fail, malformed) apply to the Browse calls, not to
 * the token endpoint (clients cache the token; a failing eBay is a failing search).
 */
export type EbayOptions = {
  /** The keyset the token endpoint accepts (default: Sokoni's development values). */
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime in seconds (default 7200, as eBay). */
  tokenTtlSeconds?: number;
  /** Initial switches (default: 50–300 ms latency, nothing broken). */
  mode?: SimModeInput;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  logger?: boolean;
};

export type EbaySimulator = {
  url: string;
  mode(): SimMode;
  /** Changes some switches (the others stay); throws on a bad value. */
  setMode(patch: SimModeInput): SimMode;
  resetMode(): SimMode;
  /** Tokens issued so far (tests of a client's token cache). */
  tokensIssued(): number;
  /** Makes every issued token expired (tests of a client's refresh). */
  expireTokens(): void;
  /** Browse API calls received (search + getItem), whatever their answer. */
  browseCalls(): number;
  close(): Promise<void>;
};

export const EBAY_DEV_CLIENT_ID = "Sokoni-SokoniDe-PRD-0a1b2c3d4-5e6f7a8b";
export const EBAY_DEV_CLIENT_SECRET = "PRD-0a1b2c3d4e5f-6a7b-8c9d-0e1f-2a3b";
export const EBAY_API_SCOPE = "https://api.ebay.com/oauth/api_scope";

/** eBay category ids of the catalog's categories (leaf categories on ebay.com). */
export const EBAY_CATEGORIES: Record<Category, { categoryId: string; categoryName: string }> = {
  phone: { categoryId: "9355", categoryName: "Cell Phones & Smartphones" },
  tablet: { categoryId: "171485", categoryName: "Tablets & eBook Readers" },
  laptop: { categoryId: "177", categoryName: "PC Laptops & Netbooks" },
  tv: { categoryId: "11071", categoryName: "Televisions" },
  headphones: { categoryId: "112529", categoryName: "Headphones" },
  shoes: { categoryId: "15709", categoryName: "Athletic Shoes" },
  watch: { categoryId: "178893", categoryName: "Smart Watches" },
  kitchen: { categoryId: "20667", categoryName: "Small Kitchen Appliances" },
  accessory: { categoryId: "9394", categoryName: "Cell Phone Accessories" },
  clothing: { categoryId: "11450", categoryName: "Clothing, Shoes & Accessories" },
};

/**
 * Error ids: 1001 (invalid token) and 12000 (internal error) are eBay's; the 11xxx/12xxx request
 * ids below follow the documented domains but the exact numbers are unconfirmed ([P] in protocols.md).
 */
export const EBAY_ERRORS = {
  invalidToken: 1001,
  internal: 12000,
  missingCriteria: 12001,
  invalidFilter: 12002,
  invalidSort: 12003,
  invalidLimit: 12006,
  invalidOffset: 12007,
  itemNotFound: 11001,
  invalidItemId: 11006,
} as const;

type EbayErrorEntry = {
  errorId: number;
  domain: string;
  category: "REQUEST" | "APPLICATION";
  message: string;
  longMessage?: string;
  parameters?: { name: string; value: string }[];
};

class EbayFault extends Error {
  readonly status: number;
  readonly entry: EbayErrorEntry;
  constructor(status: number, entry: EbayErrorEntry) {
    super(entry.message);
    this.status = status;
    this.entry = entry;
  }
}

const requestFault = (errorId: number, message: string, name: string, value: string) =>
  new EbayFault(400, {
    errorId,
    domain: "API_BROWSE",
    category: "REQUEST",
    message,
    longMessage: message,
    parameters: [{ name, value }],
  });

const CONDITION_IDS: Record<Listing["condition"], string> = { New: "1000", Used: "3000", "Seller refurbished": "2500" };

const money = (minor: number, currency: string) => ({ value: (minor / 100).toFixed(2), currency });
const legacyIdOf = (itemId: string) => itemId.split("|")[1] ?? "";

/** Splits a filter on top-level commas (commas inside {…} or […] belong to the value). */
function splitFilter(filter: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of filter) {
    if (ch === "{" || ch === "[") depth++;
    if (ch === "}" || ch === "]") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

type Filters = {
  price?: { min: number | null; max: number | null };
  conditionIds?: Set<string>;
  buyingOptions?: Set<string>;
};

function parseFilters(filter: string | undefined): { filters: Filters; warnings: EbayErrorEntry[] } {
  const filters: Filters = {};
  const warnings: EbayErrorEntry[] = [];
  if (!filter) return { filters, warnings };
  const warn = (value: string, why: string) =>
    warnings.push({
      errorId: EBAY_ERRORS.invalidFilter,
      domain: "API_BROWSE",
      category: "REQUEST",
      message: `The 'filter' value '${value}' is invalid: ${why}. It was ignored.`,
      parameters: [{ name: "filter", value }],
    });
  let price: Filters["price"] | undefined;
  let priceText = "";
  let currency: string | undefined;
  for (const part of splitFilter(filter)) {
    const at = part.indexOf(":");
    const field = at < 0 ? part : part.slice(0, at);
    const value = at < 0 ? "" : part.slice(at + 1);
    if (field === "price") {
      const m = /^\[\s*(\d+(?:\.\d+)?)?\s*\.\.\s*(\d+(?:\.\d+)?)?\s*\]$/.exec(value);
      if (!m || (m[1] === undefined && m[2] === undefined)) {
        warn(part, "the price range must be written [min..max]");
        continue;
      }
      price = {
        min: m[1] === undefined ? null : Math.round(Number(m[1]) * 100),
        max: m[2] === undefined ? null : Math.round(Number(m[2]) * 100),
      };
      priceText = part;
    } else if (field === "priceCurrency") {
      currency = value;
    } else if (field === "conditionIds" || field === "buyingOptions") {
      const m = /^\{([^}]*)\}$/.exec(value);
      if (!m?.[1]) {
        warn(part, "the values must be written {a|b}");
        continue;
      }
      filters[field] = new Set(m[1].split("|").map((v) => v.trim()));
    } else {
      warn(part, `'${field}' is not a supported filter field`);
    }
  }
  if (price && currency === undefined) warn(priceText, "a price filter needs priceCurrency");
  else if (price && currency !== "USD") warn(`priceCurrency:${currency}`, "the listings here are priced in USD");
  else if (price) filters.price = price;
  return { filters, warnings };
}

type SortKey = "price" | "-price" | "newlyListed" | "endingSoonest";
const SORTS = new Set<string>(["price", "-price", "newlyListed", "endingSoonest"]);

export async function startEbay(opts: EbayOptions = {}): Promise<EbaySimulator> {
  const clientId = opts.clientId ?? EBAY_DEV_CLIENT_ID;
  const clientSecret = opts.clientSecret ?? EBAY_DEV_CLIENT_SECRET;
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const switches = createSwitches(opts.mode);
  const tokens = new Map<string, number>();
  let issued = 0;
  let calls = 0;
  let base = "";

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof EbayFault) return reply.code(err.status).send({ errors: [err.entry] });
    app.log.error({ err }, "eBay simulator error");
    return reply.code(500).send({ errors: [internalError()] });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      errors: [
        {
          errorId: 2002,
          domain: "ACCESS",
          category: "REQUEST",
          message: "Resource not found",
          longMessage: `No resource at ${req.url}`,
        },
      ],
    }),
  );
  registerSwitchRoutes(app, switches);
  registerImageRoute(app, "ebay");

  function internalError(): EbayErrorEntry {
    return {
      errorId: EBAY_ERRORS.internal,
      domain: "API_BROWSE",
      category: "APPLICATION",
      message:
        "There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.",
    };
  }

  function authorize(req: FastifyRequest): void {
    const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
    const expiry = m ? tokens.get(m[1] as string) : undefined;
    if (!expiry || expiry <= Date.now()) {
      throw new EbayFault(401, {
        errorId: EBAY_ERRORS.invalidToken,
        domain: "OAuth",
        category: "REQUEST",
        message: "Invalid access token",
        longMessage: "Invalid access token. Check the value of the Authorization HTTP request header.",
      });
    }
  }

  /** Auth, then the switches: latency/slow, fail, a garbled body. Returns true when the reply was sent. */
  async function gate(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    calls++;
    authorize(req);
    await switches.delay(req.url);
    const mode = switches.mode();
    if (mode.fail) {
      await reply.code(500).send({ errors: [internalError()] });
      return true;
    }
    if (mode.malformed === "body") {
      await reply.code(200).type("application/json").send(GARBLED_BODY);
      return true;
    }
    return false;
  }

  app.post("/identity/v1/oauth2/token", async (req, reply) => {
    const m = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
    const [id, secret] = m
      ? Buffer.from(m[1] as string, "base64")
          .toString("utf8")
          .split(":")
      : [];
    if (id !== clientId || secret !== clientSecret) {
      return reply.code(401).send({ error: "invalid_client", error_description: "client authentication failed" });
    }
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type !== "client_credentials") {
      return reply.code(400).send({
        error: "unsupported_grant_type",
        error_description: "grant type in request is not supported by the authorization server",
      });
    }
    const scopes = (body.scope ?? EBAY_API_SCOPE).split(/\s+/).filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => s !== EBAY_API_SCOPE)) {
      return reply.code(400).send({
        error: "invalid_scope",
        error_description:
          "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
      });
    }
    const token = `v^1.1#i^1#p^1#r^0#I^3#f^0#t^${randomBytes(48).toString("base64")}`;
    tokens.set(token, Date.now() + ttl * 1000);
    issued++;
    return { access_token: token, expires_in: ttl, token_type: "Application Access Token" };
  });

  function summaryOf(l: Listing) {
    const legacy = legacyIdOf(l.id);
    const category = EBAY_CATEGORIES[l.category];
    return {
      itemId: l.id,
      legacyItemId: legacy,
      title: l.title,
      price: money(l.priceMinor, l.currency),
      image: { imageUrl: `${base}${l.imagePath}` },
      itemWebUrl: `${base}/itm/${legacy}`,
      itemHref: `${base}/buy/browse/v1/item/${encodeURIComponent(l.id)}`,
      condition: l.condition,
      conditionId: CONDITION_IDS[l.condition],
      buyingOptions: ["FIXED_PRICE"],
      seller: l.seller,
      shippingOptions: [{ shippingCostType: "FIXED", shippingCost: money(0, "USD") }],
      itemLocation: { country: "US", postalCode: "951**" },
      categories: [category],
      itemCreationDate: l.listedAt,
    };
  }

  /** What a broken feed does to one result: a field gone or of the wrong kind. */
  function garble(item: Record<string, unknown>, index: number): Record<string, unknown> {
    const broken = { ...item };
    switch ((index + String(item.itemId).length) % 4) {
      case 0:
        delete broken.price;
        break;
      case 1:
        broken.price = { value: "N/A", currency: "USD" };
        break;
      case 2:
        delete broken.title;
        break;
      default:
        broken.price = { value: 12.5 };
    }
    return broken;
  }

  app.get("/buy/browse/v1/item_summary/search", async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const query = req.query as Record<string, string | undefined>;
    const q = query.q?.trim();
    const gtin = query.gtin?.trim();
    const categoryIds = query.category_ids
      ?.split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    if (!q && !gtin && !categoryIds?.length) {
      throw requestFault(
        EBAY_ERRORS.missingCriteria,
        "The call must have a valid 'q', 'category_ids', 'epid' or 'gtin' query parameter.",
        "q",
        "",
      );
    }
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw requestFault(
        EBAY_ERRORS.invalidLimit,
        "The 'limit' value must be an integer from 1 to 200.",
        "limit",
        String(query.limit),
      );
    }
    const offset = query.offset === undefined ? 0 : Number(query.offset);
    if (!Number.isInteger(offset) || offset < 0 || offset > 9999 || offset % limit !== 0 || offset + limit > 10_000) {
      throw requestFault(
        EBAY_ERRORS.invalidOffset,
        "The 'offset' value must be 0 or a multiple of 'limit', at most 9999, and offset + limit may not exceed 10000.",
        "offset",
        String(query.offset),
      );
    }
    const { filters, warnings } = parseFilters(query.filter);
    let sort: SortKey | undefined;
    if (query.sort) {
      if (SORTS.has(query.sort)) sort = query.sort as SortKey;
      else
        warnings.push({
          errorId: EBAY_ERRORS.invalidSort,
          domain: "API_BROWSE",
          category: "REQUEST",
          message: `The 'sort' value '${query.sort}' is not supported. Best Match was used.`,
          parameters: [{ name: "sort", value: query.sort }],
        });
    }

    let found: Listing[] = q ? searchListings("ebay", q) : [...listingsOf("ebay")];
    if (gtin) found = found.filter((l) => universeItemOf(l).gtin === gtin);
    if (categoryIds?.length) found = found.filter((l) => categoryIds.includes(EBAY_CATEGORIES[l.category].categoryId));
    const { price, conditionIds, buyingOptions } = filters;
    if (price) {
      found = found.filter(
        (l) => (price.min === null || l.priceMinor >= price.min) && (price.max === null || l.priceMinor <= price.max),
      );
    }
    if (conditionIds) found = found.filter((l) => conditionIds.has(CONDITION_IDS[l.condition]));
    if (buyingOptions && !buyingOptions.has("FIXED_PRICE")) found = [];
    if (sort === "price") found.sort((a, b) => a.priceMinor - b.priceMinor || a.id.localeCompare(b.id));
    if (sort === "-price") found.sort((a, b) => b.priceMinor - a.priceMinor || a.id.localeCompare(b.id));
    if (sort === "newlyListed") found.sort((a, b) => b.listedAt.localeCompare(a.listedAt) || a.id.localeCompare(b.id));
    // Fixed-price "Good 'Til Cancelled" listings (all of them here) carry no itemEndDate; they renew
    // every 30 days from listing, so the oldest renews (ends its cycle) soonest.
    if (sort === "endingSoonest")
      found.sort((a, b) => a.listedAt.localeCompare(b.listedAt) || a.id.localeCompare(b.id));

    const total = Math.min(found.length, 10_000);
    const page = found.slice(offset, offset + limit);
    const pageUrl = (at: number) => {
      const u = new URL(`${base}/buy/browse/v1/item_summary/search`);
      for (const [k, v] of Object.entries(query))
        if (v !== undefined && k !== "offset" && k !== "limit") u.searchParams.set(k, v);
      u.searchParams.set("limit", String(limit));
      u.searchParams.set("offset", String(at));
      return u.toString();
    };
    const body: Record<string, unknown> = { href: pageUrl(offset), total, limit, offset };
    if (offset + limit < total) body.next = pageUrl(offset + limit);
    if (offset > 0) body.prev = pageUrl(Math.max(0, offset - limit));
    // eBay leaves itemSummaries out of an empty page.
    if (page.length > 0) {
      body.itemSummaries = page.map((l, i) => {
        const summary = summaryOf(l);
        return switches.garbles(l.id, i) ? garble(summary, i) : summary;
      });
    }
    if (warnings.length > 0) body.warnings = warnings;
    return body;
  });

  function itemOf(l: Listing) {
    const item = universeItemOf(l);
    const category = EBAY_CATEGORIES[l.category];
    const aspects = l.aspects.map((a) => ({ type: "STRING", name: a.name, value: a.value }));
    if (l.weightGrams !== null) aspects.push({ type: "STRING", name: "Item Weight", value: `${l.weightGrams} g` });
    const body: Record<string, unknown> = {
      ...summaryOf(l),
      categoryPath: `${category.categoryName}`,
      categoryId: category.categoryId,
      shortDescription: l.description.slice(0, 160),
      description: `<p>${l.description}</p>`,
      brand: item.brand,
      mpn: l.mpn,
      color: item.colour,
      localizedAspects: aspects,
      estimatedAvailabilities: [
        {
          deliveryOptions: ["SHIP_TO_HOME"],
          estimatedAvailabilityStatus: l.available ? "IN_STOCK" : "OUT_OF_STOCK",
          estimatedAvailableQuantity: l.available ? l.quantity : 0,
          estimatedSoldQuantity: l.quantity * 3,
        },
      ],
      returnTerms: { returnsAccepted: true, returnPeriod: { value: 30, unit: "CALENDAR_DAY" } },
      paymentMethods: [{ paymentMethodType: "CREDIT_CARD" }, { paymentMethodType: "WALLET" }],
      enabledForGuestCheckout: true,
    };
    if (item.size) body.size = item.size;
    if (l.gtin) body.gtin = l.gtin;
    if (l.rating) {
      body.primaryProductReviewRating = { averageRating: l.rating.average.toFixed(1), reviewCount: l.rating.count };
    }
    return body;
  }

  function sendItem(l: Listing | undefined, req: FastifyRequest, name: string, value: string) {
    if (!l) {
      throw new EbayFault(404, {
        errorId: EBAY_ERRORS.itemNotFound,
        domain: "API_BROWSE",
        category: "REQUEST",
        message: "The specified item ID was not found.",
        parameters: [{ name, value }],
      });
    }
    const body = itemOf(l);
    return switches.garbles(l.id, 0) ? garble(body, req.url.length) : body;
  }

  app.get("/buy/browse/v1/item/get_item_by_legacy_id", async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const legacy = (req.query as Record<string, string | undefined>).legacy_item_id ?? "";
    if (!/^\d{9,15}$/.test(legacy)) {
      throw requestFault(EBAY_ERRORS.invalidItemId, "The legacy item ID is invalid.", "legacy_item_id", legacy);
    }
    return sendItem(findListing("ebay", `v1|${legacy}|0`), req, "legacy_item_id", legacy);
  });

  app.get<{ Params: { itemId: string } }>("/buy/browse/v1/item/:itemId", async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const itemId = req.params.itemId;
    if (!/^v1\|\d+\|\d+$/.test(itemId)) {
      throw requestFault(EBAY_ERRORS.invalidItemId, "The item ID is invalid.", "item_id", itemId);
    }
    return sendItem(findListing("ebay", itemId), req, "item_id", itemId);
  });

  // The listing's page (itemWebUrl), so links work offline.
  app.get<{ Params: { legacy: string } }>("/itm/:legacy", async (req, reply) => {
    const l = findListing("ebay", `v1|${req.params.legacy}|0`);
    if (!l)
      return reply.code(404).type("text/html").send("<!doctype html><title>Not found</title><p>No such listing.</p>");
    return reply
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><title>${l.title.replace(/</g, "&lt;")} | eBay simulator</title><h1>${l.title.replace(/</g, "&lt;")}</h1><p>US $${(l.priceMinor / 100).toFixed(2)} · ${l.condition}</p><img src="${l.imagePath}" alt="" width="300" height="300"></html>`,
      );
  });

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  base = address.replace("[::1]", "localhost");
  warmUp("ebay");
  return {
    url: base,
    mode: () => switches.mode(),
    setMode: (patch) => switches.setMode(patch),
    resetMode: () => switches.resetMode(),
    tokensIssued: () => issued,
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    browseCalls: () => calls,
    async close() {
      switches.wakeAll();
      await app.close();
    },
  };
}
