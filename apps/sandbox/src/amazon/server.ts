import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import {
  createSwitches,
  findListing,
  GARBLED_BODY,
  type Listing,
  registerImageRoute,
  registerSwitchRoutes,
  type SimMode,
  type SimModeInput,
  searchListings,
  universeItemOf,
  warmUp,
} from "../market-catalog/index.ts";
import type { Category } from "../market-catalog/models.ts";
import { verifySigV4 } from "./sigv4.ts";

/**
 * An Amazon Product Advertising API 5.0 simulator (../shared/docs/protocols.md §4): SearchItems
 * and GetItems over the shared market catalog, each request's SigV4 signature verified (service
 * ProductAdvertisingAPI, the configured region, the signed headers and the body's SHA-256), the
 * documented headers checked, and the 1 request/second throttle answered with 429
 * TooManyRequestsException. Only the requested Resources come back, as PA-API does. PA-API is
 * retired for new accounts in 2026 (Creators API replaces it): this serves the legacy adapter.
 *
 * Error statuses: IncompleteSignature 400, InvalidSignature and UnrecognizedClient 401,
 * AccessDenied/InvalidAssociate 403 and TooManyRequests 429 follow PA-API's troubleshooting page;
 * the bodies are `{"__type":"com.amazon.paapi5#<Name>Exception","Errors":[{"Code","Message"}]}`.
 * How an empty search answers (200 with a NoResults error) is unconfirmed.
 */
export type AmazonOptions = {
  /** The access key pair requests must be signed with (default: Sokoni's development values). */
  accessKey?: string;
  secretKey?: string;
  /** The Associates tag requests must carry (default "sokoni-20"). */
  partnerTag?: string;
  /** Signing region (default "us-east-1", the US locale). */
  region?: string;
  /** Marketplace requests must name (default "www.amazon.com"). */
  marketplace?: string;
  /** Throttle per access key (default 1, PA-API's starting rate; 0 turns it off). */
  requestsPerSecond?: number;
  /** Daily cap per access key (default 8640, PA-API's starting TPD; 0 turns it off). */
  requestsPerDay?: number;
  /** How far x-amz-date may be from the clock (default 15 minutes). */
  maxClockSkewMs?: number;
  mode?: SimModeInput;
  port?: number;
  host?: string;
  logger?: boolean;
};

export type AmazonSimulator = {
  url: string;
  /** The signing region, service and host-independent facts a client needs. */
  region: string;
  mode(): SimMode;
  setMode(patch: SimModeInput): SimMode;
  resetMode(): SimMode;
  /** Requests received on /paapi5, whatever their answer. */
  calls(): number;
  /** Requests refused with 429. */
  throttled(): number;
  close(): Promise<void>;
};

export const AMAZON_DEV_ACCESS_KEY = "AKIASOKONIDEV0000001";
export const AMAZON_DEV_SECRET_KEY = "sokoni/dev/paapi5/secret/key/0000000000000";
export const AMAZON_DEV_PARTNER_TAG = "sokoni-20";
export const PAAPI_SERVICE = "ProductAdvertisingAPI";
export const PAAPI_TARGET_PREFIX = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.";

/** The resources this simulator can return (a subset of PA-API's, the ones a catalog needs). */
export const PAAPI_RESOURCES = [
  "ItemInfo.Title",
  "ItemInfo.ByLineInfo",
  "ItemInfo.ExternalIds",
  "ItemInfo.Features",
  "ItemInfo.ManufactureInfo",
  "ItemInfo.ProductInfo",
  "ItemInfo.Classifications",
  "Images.Primary.Small",
  "Images.Primary.Medium",
  "Images.Primary.Large",
  "Offers.Listings.Price",
  "Offers.Listings.SavingBasis",
  "Offers.Listings.Availability.Message",
  "Offers.Listings.Availability.Type",
  "Offers.Listings.Condition",
  "Offers.Listings.MerchantInfo",
  "OffersV2.Listings.Price",
  "OffersV2.Listings.Availability",
  "OffersV2.Listings.Condition",
  "OffersV2.Listings.MerchantInfo",
  "CustomerReviews.Count",
  "CustomerReviews.StarRating",
] as const;
const RESOURCES = new Set<string>(PAAPI_RESOURCES);

/** SearchIndex of each catalog category ("All" searches every one). */
export const PAAPI_SEARCH_INDEX: Record<Category, string> = {
  phone: "Electronics",
  tablet: "Electronics",
  tv: "Electronics",
  headphones: "Electronics",
  accessory: "Electronics",
  watch: "Electronics",
  laptop: "Computers",
  shoes: "Fashion",
  clothing: "Fashion",
  kitchen: "HomeAndKitchen",
};
const SEARCH_INDEXES = new Set(["All", ...Object.values(PAAPI_SEARCH_INDEX)]);
const SORTS = new Set([
  "AvgCustomerReviews",
  "Featured",
  "NewestArrivals",
  "Price:HighToLow",
  "Price:LowToHigh",
  "Relevance",
]);
const COMMON_PARAMS = [
  "PartnerTag",
  "PartnerType",
  "Marketplace",
  "Resources",
  "LanguagesOfPreference",
  "CurrencyOfPreference",
];
const SEARCH_PARAMS = new Set([
  ...COMMON_PARAMS,
  "Keywords",
  "Brand",
  "Title",
  "Actor",
  "Artist",
  "Author",
  "BrowseNodeId",
  "SearchIndex",
  "ItemCount",
  "ItemPage",
  "SortBy",
  "MinPrice",
  "MaxPrice",
  "Condition",
  "Availability",
  "MinReviewsRating",
  "MinSavingPercent",
  "Merchant",
  "DeliveryFlags",
  "Properties",
]);
const GET_PARAMS = new Set([
  ...COMMON_PARAMS,
  "ItemIds",
  "ItemIdType",
  "Condition",
  "Merchant",
  "OfferCount",
  "Properties",
]);

class PaapiFault extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  constructor(status: number, type: string, code: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
  }
}
const invalidValue = (message: string) => new PaapiFault(400, "ValidationException", "InvalidParameterValue", message);

const errorBody = (type: string, code: string, message: string) => ({
  __type: `com.amazon.paapi5#${type}`,
  Errors: [{ Code: code, Message: message }],
});

/** Copies `path` of `src` into `dst`, through arrays element by element (Offers.Listings.Price). */
function copyPath(src: unknown, dst: Record<string, unknown>, path: string[]): void {
  const [key, ...rest] = path;
  if (key === undefined || typeof src !== "object" || src === null) return;
  const value = (src as Record<string, unknown>)[key];
  if (value === undefined) return;
  if (rest.length === 0) {
    dst[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    dst[key] ??= value.map(() => ({}));
    const out = dst[key] as Record<string, unknown>[];
    value.forEach((element, i) => {
      copyPath(element, out[i] as Record<string, unknown>, rest);
    });
    return;
  }
  dst[key] ??= {};
  copyPath(value, dst[key] as Record<string, unknown>, rest);
}

const usd = (minor: number) => ({
  Amount: minor / 100,
  Currency: "USD",
  DisplayAmount: `$${(minor / 100).toFixed(2)}`,
});
const label = (DisplayValue: unknown, Label: string) => ({ DisplayValue, Label, Locale: "en_US" });

export async function startAmazon(opts: AmazonOptions = {}): Promise<AmazonSimulator> {
  const accessKey = opts.accessKey ?? AMAZON_DEV_ACCESS_KEY;
  const secretKey = opts.secretKey ?? AMAZON_DEV_SECRET_KEY;
  const partnerTag = opts.partnerTag ?? AMAZON_DEV_PARTNER_TAG;
  const region = opts.region ?? "us-east-1";
  const marketplace = opts.marketplace ?? "www.amazon.com";
  const perSecond = opts.requestsPerSecond ?? 1;
  const perDay = opts.requestsPerDay ?? 8640;
  const maxSkewMs = opts.maxClockSkewMs ?? 15 * 60_000;
  const switches = createSwitches(opts.mode);
  const recent = new Map<string, number[]>();
  const daily = new Map<string, { day: string; count: number }>();
  let calls = 0;
  let throttledCount = 0;
  let base = "";

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  // The signature covers the exact bytes: keep the raw body, parse JSON by hand.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof PaapiFault) return reply.code(err.status).send(errorBody(err.type, err.code, err.message));
    app.log.error({ err }, "PA-API simulator error");
    return reply
      .code(500)
      .send(
        errorBody(
          "InternalFailureException",
          "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
        ),
      );
  });
  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .send(errorBody("UnknownOperationException", "UnknownOperation", "The requested operation is not supported.")),
  );
  registerSwitchRoutes(app, switches);
  registerImageRoute(app, "amazon");

  /** PA-API's rate: a sliding one-second window and a daily count per access key. */
  function throttle(key: string): boolean {
    const now = Date.now();
    if (perSecond > 0) {
      const window = (recent.get(key) ?? []).filter((t) => now - t < 1000);
      if (window.length >= perSecond) {
        recent.set(key, window);
        return true;
      }
      window.push(now);
      recent.set(key, window);
    }
    if (perDay > 0) {
      const day = new Date(now).toISOString().slice(0, 10);
      const used = daily.get(key);
      const count = used && used.day === day ? used.count : 0;
      if (count >= perDay) return true;
      daily.set(key, { day, count: count + 1 });
    }
    return false;
  }

  function check(req: FastifyRequest, operation: "SearchItems" | "GetItems"): Record<string, unknown> {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = verifySigV4(
      { method: req.method, url: req.url, headers: req.headers, body },
      {
        region,
        service: PAAPI_SERVICE,
        secretFor: (key) => (key === accessKey ? secretKey : undefined),
        now: new Date(),
        maxSkewMs,
        requiredSignedHeaders: ["x-amz-target"],
      },
    );
    if (!result.ok) throw new PaapiFault(result.status, `${result.code}Exception`, result.code, result.message);
    if (throttle(result.accessKey)) {
      throttledCount++;
      throw new PaapiFault(
        429,
        "TooManyRequestsException",
        "TooManyRequests",
        "The request was denied due to request throttling. Please verify the number of requests made per second to the Amazon Product Advertising API.",
      );
    }
    if (req.headers["x-amz-target"] !== `${PAAPI_TARGET_PREFIX}${operation}`) {
      throw new PaapiFault(
        400,
        "UnknownOperationException",
        "UnknownOperation",
        `X-Amz-Target must name ${operation} on this path.`,
      );
    }
    if (String(req.headers["content-encoding"] ?? "") !== "amz-1.0") {
      throw invalidValue("The Content-Encoding header must be amz-1.0.");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new PaapiFault(400, "ValidationException", "InvalidInput", "The request body is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new PaapiFault(400, "ValidationException", "InvalidInput", "The request body must be a JSON object.");
    }
    const input = parsed as Record<string, unknown>;
    const known = operation === "SearchItems" ? SEARCH_PARAMS : GET_PARAMS;
    for (const key of Object.keys(input)) {
      if (!known.has(key)) {
        throw new PaapiFault(
          400,
          "ValidationException",
          "UnrecognizedParameter",
          `The parameter ${key} is not recognized for ${operation}.`,
        );
      }
    }
    if (typeof input.PartnerTag !== "string" || !input.PartnerTag) {
      throw new PaapiFault(
        400,
        "ValidationException",
        "MissingParameter",
        "The request must contain the parameter PartnerTag.",
      );
    }
    if (input.PartnerTag !== partnerTag) {
      throw new PaapiFault(
        400,
        "ValidationException",
        "InvalidPartnerTag",
        "The partner tag is not mapped to a valid associate store with your access key.",
      );
    }
    if (input.PartnerType !== undefined && input.PartnerType !== "Associates") {
      throw invalidValue(
        `The value [${String(input.PartnerType)}] provided in the request for PartnerType is invalid.`,
      );
    }
    if (input.Marketplace !== undefined && input.Marketplace !== marketplace) {
      throw invalidValue(
        `The value [${String(input.Marketplace)}] provided in the request for Marketplace is invalid.`,
      );
    }
    if (input.Resources !== undefined) {
      if (!Array.isArray(input.Resources)) throw invalidValue("Resources must be a list.");
      for (const r of input.Resources) {
        if (typeof r !== "string" || !RESOURCES.has(r)) {
          throw invalidValue(`The value [${String(r)}] provided in the request for Resources is invalid.`);
        }
      }
    }
    return input;
  }

  function fullItem(l: Listing): Record<string, unknown> {
    const item = universeItemOf(l);
    const externalIds: Record<string, unknown> = {};
    if (l.gtin?.length === 13) externalIds.EANs = { DisplayValues: [l.gtin], Label: "EAN", Locale: "en_US" };
    if (l.gtin?.length === 12) externalIds.UPCs = { DisplayValues: [l.gtin], Label: "UPC", Locale: "en_US" };
    const productInfo: Record<string, unknown> = { Color: label(item.colour, "Color") };
    if (item.size) productInfo.Size = label(item.size, "Size");
    if (l.weightGrams !== null) {
      productInfo.ItemDimensions = {
        Weight: {
          DisplayValue: Math.round((l.weightGrams / 453.592) * 100) / 100,
          Label: "Weight",
          Locale: "en_US",
          Unit: "Pounds",
        },
      };
    }
    const image = (size: number) => ({ URL: `${base}${l.imagePath}`, Height: size, Width: size });
    const availability = l.available
      ? { Message: "In Stock", Type: "Now", MinOrderQuantity: 1, MaxOrderQuantity: Math.min(30, l.quantity) }
      : { Message: "Temporarily out of stock.", Type: "Backorderable", MinOrderQuantity: 1, MaxOrderQuantity: 1 };
    const offer: Record<string, unknown> = {
      Id: `${l.id}-offer`,
      Price: usd(l.priceMinor),
      Availability: availability,
      Condition: { Value: "New", DisplayValue: "New", Label: "Condition", Locale: "en_US" },
      MerchantInfo: { Id: "ATVPDKIKX0DER", Name: l.seller.username },
      IsBuyBoxWinner: true,
    };
    if (l.listPriceMinor !== null) offer.SavingBasis = { ...usd(l.listPriceMinor), PriceType: "LIST_PRICE" };
    const offerV2: Record<string, unknown> = {
      Price: { Money: usd(l.priceMinor) },
      Availability: {
        Type: l.available ? "IN_STOCK" : "OUT_OF_STOCK",
        Message: availability.Message,
        MinOrderQuantity: 1,
        MaxOrderQuantity: availability.MaxOrderQuantity,
      },
      Condition: { Value: "New" },
      MerchantInfo: { Id: "ATVPDKIKX0DER", Name: l.seller.username },
      IsBuyBoxWinner: true,
    };
    if (l.listPriceMinor !== null)
      (offerV2.Price as Record<string, unknown>).SavingBasis = {
        Money: usd(l.listPriceMinor),
        SavingBasisType: "LIST_PRICE",
      };
    const full: Record<string, unknown> = {
      ASIN: l.id,
      DetailPageURL: `${base}/dp/${l.id}?tag=${partnerTag}&linkCode=ogi&th=1&psc=1`,
      ItemInfo: {
        Title: label(l.title, "Title"),
        ByLineInfo: { Brand: label(item.brand, "Brand"), Manufacturer: label(item.brand, "Manufacturer") },
        ExternalIds: externalIds,
        Features: { DisplayValues: l.aspects.map((a) => `${a.name}: ${a.value}`), Label: "Features", Locale: "en_US" },
        ManufactureInfo: { Model: label(item.model, "Model"), ItemPartNumber: label(l.mpn, "PartNumber") },
        ProductInfo: productInfo,
        Classifications: {
          ProductGroup: label(PAAPI_SEARCH_INDEX[l.category], "ProductGroup"),
          Binding: label(l.category, "Binding"),
        },
      },
      Images: { Primary: { Small: image(75), Medium: image(160), Large: image(500) } },
      Offers: { Listings: [offer] },
      OffersV2: { Listings: [offerV2] },
    };
    if (l.rating) full.CustomerReviews = { Count: l.rating.count, StarRating: { Value: l.rating.average } };
    return full;
  }

  function itemFor(l: Listing, resources: string[], index: number): Record<string, unknown> {
    const full = fullItem(l);
    const out: Record<string, unknown> = { ASIN: full.ASIN, DetailPageURL: full.DetailPageURL };
    for (const r of resources) copyPath(full, out, r.split("."));
    if (!switches.garbles(l.id, index)) return out;
    // A broken feed: a field gone or of the wrong kind.
    switch (index % 3) {
      case 0: {
        const offers = out.Offers as { Listings?: Record<string, unknown>[] } | undefined;
        if (offers?.Listings?.[0]) offers.Listings[0].Price = { Amount: "see site", Currency: "USD" };
        else delete out.DetailPageURL;
        delete out.ItemInfo;
        break;
      }
      case 1:
        delete out.ASIN;
        break;
      default:
        out.ItemInfo = { Title: { DisplayValue: 42 } };
    }
    return out;
  }

  async function answer(req: FastifyRequest, reply: FastifyReply, run: () => unknown) {
    calls++;
    let result: { status: number; body: unknown };
    try {
      result = { status: 200, body: run() };
    } catch (err) {
      if (!(err instanceof PaapiFault)) throw err;
      result = { status: err.status, body: errorBody(err.type, err.code, err.message) };
    }
    await switches.delay(`${req.url}|${Buffer.isBuffer(req.body) ? req.body.toString("utf8") : ""}`);
    const mode = switches.mode();
    if (result.status === 200 && mode.fail) {
      return reply
        .code(500)
        .send(
          errorBody(
            "InternalFailureException",
            "InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.",
          ),
        );
    }
    if (result.status === 200 && mode.malformed === "body")
      return reply.code(200).type("application/json").send(GARBLED_BODY);
    return reply.code(result.status).type("application/json; charset=UTF-8").send(result.body);
  }

  const intIn = (v: unknown, name: string, min: number, max: number, fallback: number) => {
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw invalidValue(
        `The value [${String(v)}] provided in the request for ${name} is invalid. Please provide a value between ${min} and ${max}.`,
      );
    }
    return v;
  };

  app.post("/paapi5/searchitems", (req, reply) =>
    answer(req, reply, () => {
      const input = check(req, "SearchItems");
      const keywords = typeof input.Keywords === "string" ? input.Keywords : "";
      const brand = typeof input.Brand === "string" ? input.Brand : "";
      const title = typeof input.Title === "string" ? input.Title : "";
      if (
        !keywords.trim() &&
        !brand.trim() &&
        !title.trim() &&
        input.Actor === undefined &&
        input.Artist === undefined &&
        input.Author === undefined &&
        input.BrowseNodeId === undefined
      ) {
        throw new PaapiFault(
          400,
          "ValidationException",
          "MissingParameter",
          "The request must contain one or more of the following parameters: Actor, Artist, Author, Brand, BrowseNodeId, Keywords, Title.",
        );
      }
      const count = intIn(input.ItemCount, "ItemCount", 1, 10, 10);
      const page = intIn(input.ItemPage, "ItemPage", 1, 10, 1);
      const index = input.SearchIndex ?? "All";
      if (typeof index !== "string" || !SEARCH_INDEXES.has(index)) {
        throw invalidValue(`The value [${String(index)}] provided in the request for SearchIndex is invalid.`);
      }
      const sortBy = input.SortBy ?? "Relevance";
      if (typeof sortBy !== "string" || !SORTS.has(sortBy)) {
        throw invalidValue(`The value [${String(sortBy)}] provided in the request for SortBy is invalid.`);
      }
      const minPrice = input.MinPrice === undefined ? null : intIn(input.MinPrice, "MinPrice", 1, 1e9, 0);
      const maxPrice = input.MaxPrice === undefined ? null : intIn(input.MaxPrice, "MaxPrice", 1, 1e9, 0);
      const resources = (input.Resources as string[] | undefined) ?? [];

      let found = searchListings("amazon", `${keywords} ${title} ${brand}`);
      if (brand.trim()) found = found.filter((l) => l.brand.toLowerCase() === brand.trim().toLowerCase());
      if (index !== "All") found = found.filter((l) => PAAPI_SEARCH_INDEX[l.category] === index);
      if (minPrice !== null) found = found.filter((l) => l.priceMinor >= minPrice);
      if (maxPrice !== null) found = found.filter((l) => l.priceMinor <= maxPrice);
      if (sortBy === "Price:LowToHigh") found.sort((a, b) => a.priceMinor - b.priceMinor || a.id.localeCompare(b.id));
      if (sortBy === "Price:HighToLow") found.sort((a, b) => b.priceMinor - a.priceMinor || a.id.localeCompare(b.id));
      if (sortBy === "NewestArrivals")
        found.sort((a, b) => b.listedAt.localeCompare(a.listedAt) || a.id.localeCompare(b.id));
      if (sortBy === "AvgCustomerReviews") {
        found.sort((a, b) => (b.rating?.average ?? 0) - (a.rating?.average ?? 0) || a.id.localeCompare(b.id));
      }
      const items = found.slice((page - 1) * count, page * count);
      if (items.length === 0) {
        return {
          Errors: [
            { __type: "com.amazon.paapi5#ErrorData", Code: "NoResults", Message: "No results found for your request." },
          ],
        };
      }
      const searchUrl = new URL(`${base}/s`);
      searchUrl.searchParams.set("k", `${keywords} ${title} ${brand}`.trim());
      searchUrl.searchParams.set("tag", partnerTag);
      return {
        SearchResult: {
          TotalResultCount: found.length,
          SearchURL: searchUrl.toString(),
          Items: items.map((l, i) => itemFor(l, resources, i)),
        },
      };
    }),
  );

  app.post("/paapi5/getitems", (req, reply) =>
    answer(req, reply, () => {
      const input = check(req, "GetItems");
      const ids = input.ItemIds;
      if (!Array.isArray(ids) || ids.length === 0) {
        throw new PaapiFault(
          400,
          "ValidationException",
          "MissingParameter",
          "The request must contain the parameter ItemIds.",
        );
      }
      if (ids.length > 10) {
        throw invalidValue(
          `The value provided in the request for ItemIds is invalid. Please provide between 1 and 10 ItemIds (got ${ids.length}).`,
        );
      }
      if (input.ItemIdType !== undefined && input.ItemIdType !== "ASIN") {
        throw invalidValue(
          `The value [${String(input.ItemIdType)}] provided in the request for ItemIdType is invalid.`,
        );
      }
      const resources = (input.Resources as string[] | undefined) ?? [];
      const items: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      for (const id of ids) {
        const l = typeof id === "string" ? findListing("amazon", id) : undefined;
        if (l) items.push(itemFor(l, resources, items.length));
        else {
          errors.push({
            __type: "com.amazon.paapi5#ErrorData",
            Code: "InvalidParameterValue",
            Message: `The ItemId ${String(id)} provided in the request is invalid.`,
          });
        }
      }
      const body: Record<string, unknown> = {};
      if (items.length > 0) body.ItemsResult = { Items: items };
      if (errors.length > 0) body.Errors = errors;
      return body;
    }),
  );

  // The detail page (DetailPageURL), so links work offline.
  app.get<{ Params: { asin: string } }>("/dp/:asin", async (req, reply) => {
    const l = findListing("amazon", req.params.asin);
    if (!l)
      return reply.code(404).type("text/html").send("<!doctype html><title>Not found</title><p>No such product.</p>");
    const title = l.title.replace(/</g, "&lt;");
    return reply
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><title>${title} | Amazon simulator</title><h1>${title}</h1><p>$${(l.priceMinor / 100).toFixed(2)}</p><img src="${l.imagePath}" alt="" width="300" height="300"></html>`,
      );
  });

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  base = address.replace("[::1]", "localhost");
  warmUp("amazon");
  return {
    url: base,
    region,
    mode: () => switches.mode(),
    setMode: (patch) => switches.setMode(patch),
    resetMode: () => switches.resetMode(),
    calls: () => calls,
    throttled: () => throttledCount,
    async close() {
      switches.wakeAll();
      await app.close();
    },
  };
}
