import { createHmac, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyReply } from "fastify";
import {
  createSwitches,
  GARBLED_BODY,
  keywordIndex,
  listingSvg,
  registerSwitchRoutes,
  type SimMode,
  type SimModeInput,
} from "../market-catalog/index.ts";
import type { Category } from "../market-catalog/models.ts";
import { type AliExpressProduct, aliexpressProducts, findAliExpressProduct } from "./catalog.ts";

/**
 * AliExpress Open Platform's affiliate API (protocols.md §5): one gateway, `GET` or `POST /sync`
 * (form-encoded), the call named by `method`: `aliexpress.affiliate.product.query` (keywords,
 * category_ids, page_no, page_size ≤ 50, sort, min_sale_price/max_sale_price, target_currency,
 * target_language, tracking_id) and `aliexpress.affiliate.productdetail.get` (product_ids).
 * System parameters `app_key`, `timestamp` (epoch ms), `sign_method=sha256` and `sign`: the
 * uppercase hex HMAC-SHA256, keyed by the app secret, of every other parameter sorted by name and
 * written name-then-value with nothing between (`k1v1k2v2…`).
 *
 * The answer's shape, `{ aliexpress_affiliate_product_query_response: { resp_result: { resp_code,
 * resp_msg, result: { current_page_no, current_record_count, total_record_count, products: {
 * product: [...] } } } } }`, and the product fields (product_id, product_title, target_sale_price,
 * target_sale_price_currency, target_original_price, discount, evaluate_rate "96.5%",
 * lastest_volume, product_main_image_url, product_detail_url, promotion_link, shop_id, shop_url,
 * first/second_level_category_*) follow bububa/opentaobao model/aecreatives (the Go models of
 * AliexpressAffiliateProductQueryAPIResponse and …ProductdetailGet…) and the TypeScript clients
 * the `search` tool found; gateway errors as `{ error_response: { type, code, msg, request_id } }`.
 * [U]: the unit of min_sale_price/max_sale_price (taken here as cents of target_currency).
 */
export type AliExpressOptions = {
  appKey?: string;
  appSecret?: string;
  /** How far `timestamp` may be from the simulator's clock (default 15 minutes). */
  maxClockSkewMs?: number;
  mode?: SimModeInput;
  port?: number;
  host?: string;
  logger?: boolean;
};

export type AliExpressSimulator = {
  url: string;
  mode(): SimMode;
  setMode(patch: SimModeInput): SimMode;
  resetMode(): SimMode;
  /** API calls received, whatever their answer. */
  calls(): number;
  close(): Promise<void>;
};

export const ALIEXPRESS_DEV_APP_KEY = "509871";
export const ALIEXPRESS_DEV_APP_SECRET = "sokoni-dev-aliexpress-app-secret";
export const ALIEXPRESS_DEV_TRACKING_ID = "sokoni_dev";
export const ALIEXPRESS_METHODS = {
  query: "aliexpress.affiliate.product.query",
  detail: "aliexpress.affiliate.productdetail.get",
} as const;
export const ALIEXPRESS_SORTS = ["SALE_PRICE_ASC", "SALE_PRICE_DESC", "LAST_VOLUME_ASC", "LAST_VOLUME_DESC"] as const;
export const ALIEXPRESS_MAX_PAGE_SIZE = 50;
/** Target currencies the simulator converts to (from its US dollar prices, fixed rates). */
export const ALIEXPRESS_CURRENCIES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79 };
/** AliExpress-style category ids per universe category (first and second level; the simulator's own values). */
export const ALIEXPRESS_CATEGORIES: Record<Category, { first: [number, string]; second: [number, string] }> = {
  phone: { first: [509, "Cellphones & Telecommunications"], second: [5090301, "Mobile Phones"] },
  accessory: { first: [509, "Cellphones & Telecommunications"], second: [200084019, "Mobile Phone Accessories"] },
  tablet: { first: [7, "Computer & Office"], second: [200002319, "Tablets"] },
  laptop: { first: [7, "Computer & Office"], second: [702, "Laptops"] },
  tv: { first: [44, "Consumer Electronics"], second: [200003516, "Smart TVs"] },
  headphones: { first: [44, "Consumer Electronics"], second: [63705, "Earphones & Headphones"] },
  watch: { first: [44, "Consumer Electronics"], second: [200214006, "Smart Watches"] },
  shoes: { first: [322, "Shoes"], second: [200000801, "Sneakers"] },
  clothing: { first: [200000343, "Apparel"], second: [200000707, "Tops & Tees"] },
  kitchen: { first: [6, "Home Appliances"], second: [100000041, "Kitchen Appliances"] },
};

type Params = Record<string, string>;

class GatewayFault extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 200) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
/** A business refusal: answered inside resp_result, as the affiliate calls do. */
class ResultFault extends Error {
  readonly respCode: number;
  constructor(respCode: number, message: string) {
    super(message);
    this.respCode = respCode;
  }
}

/** The signature both sides compute: uppercase hex HMAC-SHA256 over `k1v1k2v2…`, sorted by name, `sign` left out. */
export function aliexpressSign(params: Params, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== "sign")
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join("");
  return createHmac("sha256", secret).update(text, "utf8").digest("hex").toUpperCase();
}

const money = (cents: number, rate: number) => ((cents * rate) / 100).toFixed(2);

export async function startAliExpress(opts: AliExpressOptions = {}): Promise<AliExpressSimulator> {
  const appKey = opts.appKey ?? ALIEXPRESS_DEV_APP_KEY;
  const appSecret = opts.appSecret ?? ALIEXPRESS_DEV_APP_SECRET;
  const maxSkew = opts.maxClockSkewMs ?? 15 * 60_000;
  const switches = createSwitches(opts.mode);
  const search = keywordIndex(aliexpressProducts());
  let calls = 0;
  let base = "";
  const requestId = () => `sim${String(calls).padStart(10, "0")}`;

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof GatewayFault) {
      return reply
        .code(err.status)
        .send({ error_response: { type: "ISV", code: err.code, msg: err.message, request_id: requestId() } });
    }
    app.log.error({ err }, "AliExpress simulator error");
    return reply.code(500).send({
      error_response: {
        type: "SYSTEM",
        code: "InternalError",
        msg: "The request has failed due to some unknown error.",
      },
    });
  });
  registerSwitchRoutes(app, switches);

  function verify(p: Params): void {
    for (const name of ["method", "app_key", "timestamp", "sign_method", "sign"]) {
      if (!p[name])
        throw new GatewayFault(
          "MissingParameter",
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        );
    }
    if (p.app_key !== appKey) throw new GatewayFault("InvalidAppKey", "Specified App Key is not found");
    if (p.sign_method !== "sha256")
      throw new GatewayFault("InvalidSignMethod", "The specified sign_method is not supported");
    const ts = Number(p.timestamp);
    if (!/^\d{13}$/.test(p.timestamp ?? "") || Math.abs(Date.now() - ts) > maxSkew) {
      throw new GatewayFault("InvalidTimestamp", "Timestamp is invalid or expired");
    }
    const expected = Buffer.from(aliexpressSign(p, appSecret));
    const given = Buffer.from(String(p.sign));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new GatewayFault("IncompleteSignature", "The request signature does not conform to platform standards");
    }
  }

  function productOf(x: AliExpressProduct, p: Params, rate: number, currency: string): Record<string, unknown> {
    const cat = ALIEXPRESS_CATEGORIES[x.category];
    const detail = `${base}/item/${x.productId}.html`;
    const product: Record<string, unknown> = {
      product_id: x.productId,
      product_title: x.title,
      product_main_image_url: `${base}/img/${x.productId}.svg`,
      product_small_image_urls: { string: [`${base}/img/${x.productId}.svg`] },
      product_detail_url: detail,
      target_sale_price: money(x.salePriceCents, rate),
      target_sale_price_currency: currency,
      target_original_price: money(x.originalPriceCents, rate),
      target_original_price_currency: currency,
      sale_price: money(x.salePriceCents, 1),
      sale_price_currency: "USD",
      discount: `${Math.round((1 - x.salePriceCents / x.originalPriceCents) * 100)}%`,
      lastest_volume: x.volume,
      shop_id: x.shopId,
      shop_url: `${base}/store/${x.shopId}`,
      commission_rate: `${x.commissionRate}%`,
      first_level_category_id: cat.first[0],
      first_level_category_name: cat.first[1],
      second_level_category_id: cat.second[0],
      second_level_category_name: cat.second[1],
    };
    if (x.evaluateRate !== null) product.evaluate_rate = `${x.evaluateRate.toFixed(1)}%`;
    if (p.tracking_id)
      product.promotion_link = `${detail}?aff_fcid=sim&aff_trace_key=${encodeURIComponent(p.tracking_id)}`;
    return product;
  }

  /** A broken feed: a field gone or of the wrong kind. */
  function garble(product: Record<string, unknown>, index: number): Record<string, unknown> {
    const broken = { ...product };
    switch (index % 4) {
      case 0:
        delete broken.target_sale_price;
        break;
      case 1:
        broken.target_sale_price = "US $--";
        break;
      case 2:
        delete broken.product_title;
        break;
      default:
        broken.product_id = null;
    }
    return broken;
  }

  function currencyOf(p: Params): { currency: string; rate: number } {
    const currency = (p.target_currency ?? "USD").toUpperCase();
    const rate = ALIEXPRESS_CURRENCIES[currency];
    if (rate === undefined)
      throw new ResultFault(402, `Invalid input parameter: target_currency ${currency} is not supported`);
    return { currency, rate };
  }

  function query(p: Params) {
    const keywords = p.keywords?.trim() ?? "";
    if (!keywords && !p.category_ids)
      throw new ResultFault(402, "Invalid input parameter: keywords or category_ids is required");
    const pageNo = p.page_no === undefined ? 1 : Number(p.page_no);
    if (!Number.isInteger(pageNo) || pageNo < 1) throw new ResultFault(402, "Invalid input parameter: page_no");
    const pageSize = p.page_size === undefined ? 20 : Number(p.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > ALIEXPRESS_MAX_PAGE_SIZE) {
      throw new ResultFault(402, `Invalid input parameter: page_size must be 1 to ${ALIEXPRESS_MAX_PAGE_SIZE}`);
    }
    if (p.sort && !(ALIEXPRESS_SORTS as readonly string[]).includes(p.sort)) {
      throw new ResultFault(402, `Invalid input parameter: sort must be one of ${ALIEXPRESS_SORTS.join(", ")}`);
    }
    const { currency, rate } = currencyOf(p);
    const bound = (name: string) => {
      const v = p[name];
      if (v === undefined || v === "") return null;
      if (!/^\d+$/.test(v)) throw new ResultFault(402, `Invalid input parameter: ${name} must be whole cents`);
      return Number(v) / rate;
    };
    const min = bound("min_sale_price");
    const max = bound("max_sale_price");
    let found = keywords ? search(keywords) : [...aliexpressProducts()];
    if (p.category_ids) {
      const ids = new Set(p.category_ids.split(",").map((s) => Number(s.trim())));
      found = found.filter((x) => {
        const c = ALIEXPRESS_CATEGORIES[x.category];
        return ids.has(c.first[0]) || ids.has(c.second[0]);
      });
    }
    if (min !== null) found = found.filter((x) => x.salePriceCents >= min);
    if (max !== null) found = found.filter((x) => x.salePriceCents <= max);
    const byId = (a: AliExpressProduct, b: AliExpressProduct) => a.productId - b.productId;
    if (p.sort === "SALE_PRICE_ASC") found.sort((a, b) => a.salePriceCents - b.salePriceCents || byId(a, b));
    if (p.sort === "SALE_PRICE_DESC") found.sort((a, b) => b.salePriceCents - a.salePriceCents || byId(a, b));
    if (p.sort === "LAST_VOLUME_ASC") found.sort((a, b) => a.volume - b.volume || byId(a, b));
    if (p.sort === "LAST_VOLUME_DESC") found.sort((a, b) => b.volume - a.volume || byId(a, b));
    const page = found.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return {
      current_page_no: pageNo,
      current_record_count: page.length,
      total_record_count: found.length,
      total_page_no: Math.ceil(found.length / pageSize),
      products: {
        product: page.map((x, i) =>
          switches.garbles(String(x.productId), i)
            ? garble(productOf(x, p, rate, currency), i)
            : productOf(x, p, rate, currency),
        ),
      },
    };
  }

  function detail(p: Params) {
    const raw = p.product_ids?.trim() ?? "";
    const ids = raw ? raw.split(",").map((s) => s.trim()) : [];
    if (ids.length === 0 || ids.length > 50)
      throw new ResultFault(402, "Invalid input parameter: product_ids (1 to 50)");
    const { currency, rate } = currencyOf(p);
    const found = ids.flatMap((id) => {
      const x = /^\d{1,17}$/.test(id) ? findAliExpressProduct(Number(id)) : undefined;
      return x ? [x] : [];
    });
    return {
      current_record_count: found.length,
      products: {
        product: found.map((x, i) =>
          switches.garbles(String(x.productId), 0)
            ? garble(productOf(x, p, rate, currency), i)
            : productOf(x, p, rate, currency),
        ),
      },
    };
  }

  async function handle(p: Params, reply: FastifyReply) {
    calls++;
    verify(p);
    await switches.delay(JSON.stringify(Object.entries(p).filter(([k]) => k !== "sign" && k !== "timestamp")));
    const mode = switches.mode();
    if (mode.fail) {
      return reply.code(503).send({
        error_response: {
          type: "SYSTEM",
          code: "ServiceUnavailable",
          msg: "The service is temporarily unavailable",
          request_id: requestId(),
        },
      });
    }
    if (mode.malformed === "body") return reply.code(200).type("application/json").send(GARBLED_BODY);
    const call = p.method === ALIEXPRESS_METHODS.query ? query : p.method === ALIEXPRESS_METHODS.detail ? detail : null;
    if (!call) throw new GatewayFault("InvalidApiPath", `The specified API method ${p.method} is not found`);
    const envelope = `${String(p.method).replace(/\./g, "_")}_response`;
    let respResult: Record<string, unknown>;
    try {
      respResult = { resp_code: 200, resp_msg: "Call succeeds", result: call(p) };
    } catch (err) {
      if (!(err instanceof ResultFault)) throw err;
      respResult = { resp_code: err.respCode, resp_msg: err.message };
    }
    return { [envelope]: { resp_result: respResult, request_id: requestId() } };
  }

  app.get("/sync", async (req, reply) => handle(req.query as Params, reply));
  app.post("/sync", async (req, reply) => {
    const body = (req.body ?? {}) as Params;
    return handle({ ...(req.query as Params), ...body }, reply);
  });

  // Pictures and product pages, so links work offline.
  app.get<{ Params: { file: string } }>("/img/:file", async (req, reply) => {
    const x = findAliExpressProduct(Number(req.params.file.replace(/\.svg$/, "")));
    if (!x) return reply.code(404).type("text/plain").send("no such image");
    return reply.type("image/svg+xml").header("cache-control", "public, max-age=86400").send(listingSvg(x.title));
  });
  app.get<{ Params: { file: string } }>("/item/:file", async (req, reply) => {
    const x = findAliExpressProduct(Number(req.params.file.replace(/\.html$/, "")));
    if (!x)
      return reply.code(404).type("text/html").send("<!doctype html><title>Not found</title><p>No such item.</p>");
    const title = x.title.replace(/</g, "&lt;");
    return reply
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><title>${title} | AliExpress simulator</title><h1>${title}</h1><p>US $${money(x.salePriceCents, 1)}</p><img src="/img/${x.productId}.svg" alt="" width="300" height="300"></html>`,
      );
  });

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  base = address.replace("[::1]", "localhost");
  return {
    url: base,
    mode: () => switches.mode(),
    setMode: (patch) => switches.setMode(patch),
    resetMode: () => switches.resetMode(),
    calls: () => calls,
    async close() {
      switches.wakeAll();
      await app.close();
    },
  };
}
