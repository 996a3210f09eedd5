import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
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
import { findWalmartItem, type WalmartItem, walmartItems } from "./catalog.ts";

/**
 * Walmart's Affiliate Product API v2 (protocols.md §5), the search-only API Walmart offers to
 * third parties (ordering is not part of it):
 * `GET /api-proxy/service/affil/product/v2/search?query=&numItems=&start=&sort=&order=&categoryId=&facet=on&facet.range=price:[a TO b]`
 * and `GET /api-proxy/service/affil/product/v2/items/{itemId}`, each signed with the headers
 * WM_CONSUMER.ID, WM_CONSUMER.INTIMESTAMP (epoch ms), WM_SEC.KEY_VERSION and
 * WM_SEC.AUTH_SIGNATURE: base64 RSA-SHA256 (PKCS#1 v1.5) by the consumer's private key, checked
 * here against the public key registered for that consumer and key version.
 *
 * The signed string is [U]nconfirmed (Walmart's page is behind a login): this simulator takes
 * `consumerId + "\n" + timestamp + "\n" + keyVersion + "\n"`, the newline-terminated form most
 * public clients sign (e.g. tazsk/SmartEcom backend/config/generate_signature.js, WIOpy), and the
 * Sokoni adapter signs the same. Prices in US dollars.
 */
export type WalmartOptions = {
  consumerId?: string;
  keyVersion?: string;
  /** PEM public key the signatures are checked with (default: the development key's). */
  publicKey?: string;
  /** How far WM_CONSUMER.INTIMESTAMP may be from the simulator's clock (default 5 minutes). */
  maxClockSkewMs?: number;
  mode?: SimModeInput;
  port?: number;
  host?: string;
  logger?: boolean;
};

export type WalmartSimulator = {
  url: string;
  mode(): SimMode;
  setMode(patch: SimModeInput): SimMode;
  resetMode(): SimMode;
  /** API calls received, whatever their answer. */
  calls(): number;
  close(): Promise<void>;
};

export const WALMART_API_PREFIX = "/api-proxy/service/affil/product/v2";
export const WALMART_DEV_CONSUMER_ID = "sokoni-dev-walmart-consumer-0001";
export const WALMART_DEV_KEY_VERSION = "1";
/**
 * A development RSA key pair made for this simulator (2048 bits, never used anywhere else): the
 * private half is what Sokoni's adapter is configured with in the demo and tests.
 */
export const WALMART_DEV_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDM8VV7gf/raLG8
7H/ue6+2ZvxzYVCV0wgWN5N3zel/2LzDb1EwBfmBq05686ZrUQ0LcfN0QXaxoMFa
LF9/hjIbbTKwT7Y9n83Vp16/4acdYN5iE6y7R9qBa9twj6Y7HfE781Qd5ate+ETe
nV2hAfYEKG0D5o7b15hH2afIv1D1Op536hv9tkWSsq3a4xjPsOX2dXId93HMZdu3
S+a6M30QtKXlpx0NIdwQe/LVYYNPMOWNB3e4Nsh4CW7jfJP1QEU4+SwZkhWfV/rC
eJGIRS+dGLnwhE3xFRPutE3aK5whPD6SRZqsX4s9NzR9rKB2o5YWndTAKA3BolTz
aJ7ewYPzAgMBAAECggEALkdE5Vnqv27py96f2OuHNyo0UZ2lA+AekF3GaCRQWPVJ
Utx9OdnviK91TmBcsRkhV/dIYXUy51OEtecVPYfBIt5atuOZJHtEkL11sOC0yvaH
4R/OPpAwME95wwY9JFZTlhURZprpQs3PR3HDpcr6kd/LFjlnAw/BLGBi+frxvh4x
yyx1tkJwNERfsCkJjm5jXxo9xOAfRV6gk7kjVWhAMQFFx/nWm+JQLheOu9HAi19N
Ylt/FElg3+80lE923DaOzkltp1ksQUw/Hx28RENVLmFhzFfnwcvJyEUlPwCUIsDI
CNiJw5ABzno8VSL1x0pvwyXuoy5lCR92GNJyBUYMaQKBgQD36zQB2ow7FtxgpFSJ
Go6mTvC7OTH1g2JNceF72dk06NeGnPTUZbGJTtur5utTbR5gJRrpMvXlN79qjViQ
yiewm1pcQT1SdcJQlxdQxBOb4MRcA9PWOGWGvdDhQP6rLecfYwwcd53xwOPT7Ll7
5baLhNeqermnJdcLrrfCNQ/v9wKBgQDTn4Koj3wP8BcRXlSvguZmPR9Ltdeyv+QF
hU3JnFMySTl3EcNY5vFZ9no5NRDLYHmSgbxE5ummFA45fForwZFx0FpLL91Fex70
lMgsGED7esI1hSVVmMK5u8dtJjrzWWmFN58prxy9ISCgddaIW0wGuBQDDbrJfrTu
yt2dpkAE5QKBgF60V4KZxNXRrs+wFqblITcAks9CUwZRcRzacuNH3cRraeF/VbtJ
OZ+VIy8woBaXaXIa2oPYtrwgJpwCcKGmx7CcN9FkDpPQbjEw9nQg4si5/OiVgbek
hYwKOJ/Dn0Uu3MpNoNPDEe/G2oEbPePJZYk4btYt2XuzZcmNrZ6ffH4TAoGAZMac
KPsTQF+8DHhYabAzWdKXma1Bx4yb4Iknju/Tqqm2JN6foTFxE79NWvrLQZ5ypnMD
neg8serxDy0Jn7axNXrb1Nw5SgIkrqI/ZMg0Ac3muCfsrINvj5U9ldvTzNjyaA8h
y27ph6ND70XOYObhIH3+ganDHnspXGHdAVsPN4UCgYBzpR6AZps4x2ivfKs6wllp
O1qeUYl37UnH28Mzo6vcZ8dR6TKQPJSoWFapSEcQs8so8BzfLmbL6tluhgI3C9Ew
Z8x2dknqOcaFNYJIXkfsMri5jG1pcl6rGH5N6o1dKg08jZUzFiPGVfNeBEBptcWI
W3F3VbsbtlFn/aUv+4z9cQ==
-----END PRIVATE KEY-----`;
export const WALMART_DEV_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzPFVe4H/62ixvOx/7nuv
tmb8c2FQldMIFjeTd83pf9i8w29RMAX5gatOevOma1ENC3HzdEF2saDBWixff4Yy
G20ysE+2PZ/N1adev+GnHWDeYhOsu0fagWvbcI+mOx3xO/NUHeWrXvhE3p1doQH2
BChtA+aO29eYR9mnyL9Q9Tqed+ob/bZFkrKt2uMYz7Dl9nVyHfdxzGXbt0vmujN9
ELSl5acdDSHcEHvy1WGDTzDljQd3uDbIeAlu43yT9UBFOPksGZIVn1f6wniRiEUv
nRi58IRN8RUT7rRN2iucITw+kkWarF+LPTc0faygdqOWFp3UwCgNwaJU82ie3sGD
8wIDAQAB
-----END PUBLIC KEY-----`;
export const WALMART_SORTS = ["relevance", "price", "title", "bestseller", "customerRating", "new"] as const;
export const WALMART_MAX_ITEMS = 25;
export const WALMART_MAX_START = 1000;
/** Walmart-style category ids per universe category (the simulator's own values). */
export const WALMART_CATEGORIES: Record<Category, { id: string; path: string }> = {
  phone: { id: "3944_542371_7551331", path: "Electronics/Cell Phones/Unlocked Phones" },
  tablet: { id: "3944_1078524", path: "Electronics/iPad & Tablets" },
  laptop: { id: "3944_3951_1089430", path: "Electronics/Computers/Laptops" },
  tv: { id: "3944_1060825", path: "Electronics/TV & Video/TVs" },
  headphones: { id: "3944_133251", path: "Electronics/Audio/Headphones" },
  watch: { id: "3944_1229723", path: "Electronics/Wearable Technology/Smartwatches" },
  accessory: { id: "3944_542371_1071224", path: "Electronics/Cell Phones/Phone Accessories" },
  shoes: { id: "5438_1045804", path: "Clothing, Shoes & Accessories/Shoes" },
  clothing: { id: "5438", path: "Clothing, Shoes & Accessories/Clothing" },
  kitchen: { id: "4044_90548", path: "Home/Kitchen & Dining/Kitchen Appliances" },
};

class WalmartFault extends Error {
  readonly status: number;
  readonly code: string | number;
  constructor(status: number, code: string | number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const dollars = (cents: number) => Math.round(cents) / 100;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export async function startWalmart(opts: WalmartOptions = {}): Promise<WalmartSimulator> {
  const consumerId = opts.consumerId ?? WALMART_DEV_CONSUMER_ID;
  const keyVersion = opts.keyVersion ?? WALMART_DEV_KEY_VERSION;
  const publicKey: KeyObject = createPublicKey(opts.publicKey ?? WALMART_DEV_PUBLIC_KEY);
  const maxSkew = opts.maxClockSkewMs ?? 5 * 60_000;
  const switches = createSwitches(opts.mode);
  const search = keywordIndex(walmartItems());
  let calls = 0;
  let base = "";

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof WalmartFault) {
      return reply.code(err.status).send({ errors: [{ code: err.code, message: err.message }] });
    }
    app.log.error({ err }, "Walmart simulator error");
    return reply.code(500).send({ errors: [{ code: 500, message: "Internal Server Error" }] });
  });
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ errors: [{ code: 404, message: "Resource not found" }] }),
  );
  registerSwitchRoutes(app, switches);

  const header = (req: FastifyRequest, name: string) => {
    const v = req.headers[name.toLowerCase()];
    return typeof v === "string" ? v : undefined;
  };

  /** The signature check, then the switches; true when the switches already answered. */
  async function gate(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    calls++;
    const id = header(req, "WM_CONSUMER.ID");
    const ts = header(req, "WM_CONSUMER.INTIMESTAMP");
    const version = header(req, "WM_SEC.KEY_VERSION");
    const signature = header(req, "WM_SEC.AUTH_SIGNATURE");
    if (!id || !ts || !version || !signature) {
      throw new WalmartFault(
        401,
        "UNAUTHORIZED",
        "Missing WM_CONSUMER.ID, WM_CONSUMER.INTIMESTAMP, WM_SEC.KEY_VERSION or WM_SEC.AUTH_SIGNATURE",
      );
    }
    if (id !== consumerId || version !== keyVersion) {
      throw new WalmartFault(
        401,
        "UNAUTHORIZED",
        "Could not authenticate in-request: unknown consumer id or key version",
      );
    }
    if (!/^\d{13}$/.test(ts) || Math.abs(Date.now() - Number(ts)) > maxSkew) {
      throw new WalmartFault(
        401,
        "UNAUTHORIZED",
        "Could not authenticate in-request: WM_CONSUMER.INTIMESTAMP is stale or not epoch milliseconds",
      );
    }
    const ok = createVerify("RSA-SHA256").update(`${id}\n${ts}\n${version}\n`).verify(publicKey, signature, "base64");
    if (!ok) {
      throw new WalmartFault(
        401,
        "UNAUTHORIZED",
        "Could not authenticate in-request, auth signature: Signature verification failed",
      );
    }
    await switches.delay(req.url);
    const mode = switches.mode();
    if (mode.fail) {
      await reply.code(503).send({ errors: [{ code: 503, message: "Service Unavailable" }] });
      return true;
    }
    if (mode.malformed === "body") {
      await reply.code(200).type("application/json").send(GARBLED_BODY);
      return true;
    }
    return false;
  }

  const pageUrl = (i: WalmartItem) => `${base}/ip/${slug(i.title)}/${i.itemId}`;

  function itemOf(i: WalmartItem): Record<string, unknown> {
    const image = `${base}/img/${i.itemId}.svg`;
    const item: Record<string, unknown> = {
      itemId: i.itemId,
      parentItemId: i.itemId,
      name: i.title,
      salePrice: dollars(i.salePriceCents),
      categoryPath: WALMART_CATEGORIES[i.category].path,
      shortDescription: i.shortDescription,
      brandName: i.brand,
      thumbnailImage: `${image}?odnHeight=100&odnWidth=100`,
      mediumImage: `${image}?odnHeight=180&odnWidth=180`,
      largeImage: `${image}?odnHeight=450&odnWidth=450`,
      productTrackingUrl: `${pageUrl(i)}?affiliates_ad_id=sokoni&campaign_id=sim`,
      productUrl: pageUrl(i),
      modelNumber: i.modelNumber,
      color: i.colour,
      stock: i.stock,
      availableOnline: i.stock !== "Not available",
      sellerInfo: i.seller,
      marketplace: i.seller !== "Walmart.com",
      freeShippingOver35Dollars: true,
    };
    if (i.msrpCents !== null) item.msrp = dollars(i.msrpCents);
    if (i.upc) item.upc = i.upc;
    if (i.size) item.size = i.size;
    if (i.rating) {
      item.customerRating = i.rating.average.toFixed(1);
      item.numReviews = i.rating.count;
      item.customerRatingImage = `${base}/img/stars-${i.rating.average.toFixed(1)}.svg`;
    }
    return item;
  }

  /** A broken feed: a field gone or of the wrong kind. */
  function garble(item: Record<string, unknown>, index: number): Record<string, unknown> {
    const broken = { ...item };
    switch (index % 4) {
      case 0:
        delete broken.salePrice;
        break;
      case 1:
        broken.salePrice = "N/A";
        break;
      case 2:
        delete broken.name;
        break;
      default:
        broken.itemId = null;
    }
    return broken;
  }

  app.get(`${WALMART_API_PREFIX}/search`, async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const q = req.query as Record<string, string | undefined>;
    const query = q.query?.trim() ?? "";
    if (!query) throw new WalmartFault(400, 4000, "query is required");
    const numItems = q.numItems === undefined ? 10 : Number(q.numItems);
    if (!Number.isInteger(numItems) || numItems < 1 || numItems > WALMART_MAX_ITEMS) {
      throw new WalmartFault(400, 4001, `numItems must be an integer from 1 to ${WALMART_MAX_ITEMS}`);
    }
    const start = q.start === undefined ? 1 : Number(q.start);
    if (!Number.isInteger(start) || start < 1 || start > WALMART_MAX_START) {
      throw new WalmartFault(400, 4001, `start must be an integer from 1 to ${WALMART_MAX_START}`);
    }
    const sort = q.sort ?? "relevance";
    if (!(WALMART_SORTS as readonly string[]).includes(sort)) {
      throw new WalmartFault(400, 4001, `sort must be one of ${WALMART_SORTS.join(", ")}`);
    }
    const order = q.order ?? "ascending";
    if (order !== "ascending" && order !== "descending") {
      throw new WalmartFault(400, 4001, "order must be ascending or descending");
    }
    let found = search(query);
    if (q.categoryId) {
      const cat = q.categoryId;
      found = found.filter((i) => {
        const id = WALMART_CATEGORIES[i.category].id;
        return id === cat || id.startsWith(`${cat}_`);
      });
    }
    const range = q["facet.range"];
    if (range !== undefined) {
      if (q.facet !== "on") throw new WalmartFault(400, 4001, "facet.range needs facet=on");
      const m = /^price:\[(\d+(?:\.\d+)?|\*) TO (\d+(?:\.\d+)?|\*)\]$/.exec(range);
      if (!m) throw new WalmartFault(400, 4001, "facet.range must be price:[min TO max] in dollars");
      const lo = m[1] === "*" ? 0 : Math.round(Number(m[1]) * 100);
      const hi = m[2] === "*" ? Number.POSITIVE_INFINITY : Math.round(Number(m[2]) * 100);
      found = found.filter((i) => i.salePriceCents >= lo && i.salePriceCents <= hi);
    }
    const dir = order === "descending" ? -1 : 1;
    const byId = (a: WalmartItem, b: WalmartItem) => a.itemId - b.itemId;
    if (sort === "price") found.sort((a, b) => dir * (a.salePriceCents - b.salePriceCents) || byId(a, b));
    if (sort === "title") found.sort((a, b) => dir * a.title.localeCompare(b.title) || byId(a, b));
    if (sort === "bestseller") found.sort((a, b) => b.sold - a.sold || byId(a, b));
    if (sort === "new") found.sort((a, b) => b.listedAt.localeCompare(a.listedAt) || byId(a, b));
    if (sort === "customerRating") {
      // Walmart's customerRating sort defaults to best first.
      const d = q.order === "ascending" ? 1 : -1;
      found.sort((a, b) => d * ((a.rating?.average ?? 0) - (b.rating?.average ?? 0)) || byId(a, b));
    }
    const page = found.slice(start - 1, start - 1 + numItems);
    return {
      query,
      sort,
      responseGroup: "base",
      totalResults: found.length,
      start,
      numItems: page.length,
      items: page.map((i, n) => (switches.garbles(String(i.itemId), n) ? garble(itemOf(i), n) : itemOf(i))),
      facets: [],
    };
  });

  app.get<{ Params: { itemId: string } }>(`${WALMART_API_PREFIX}/items/:itemId`, async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const id = req.params.itemId;
    const item = /^\d{1,12}$/.test(id) ? findWalmartItem(Number(id)) : undefined;
    if (!item) throw new WalmartFault(404, 4004, `No item with itemId ${id}`);
    const body = itemOf(item);
    return switches.garbles(id, 0) ? garble(body, req.url.length) : body;
  });

  // Pictures and product pages, so links work offline.
  app.get<{ Params: { file: string } }>("/img/:file", async (req, reply) => {
    const item = findWalmartItem(Number(req.params.file.replace(/\.svg$/, "")));
    if (!item) return reply.code(404).type("text/plain").send("no such image");
    return reply.type("image/svg+xml").header("cache-control", "public, max-age=86400").send(listingSvg(item.title));
  });
  app.get<{ Params: { slug: string; itemId: string } }>("/ip/:slug/:itemId", async (req, reply) => {
    const item = findWalmartItem(Number(req.params.itemId));
    if (!item)
      return reply.code(404).type("text/html").send("<!doctype html><title>Not found</title><p>No such item.</p>");
    const title = item.title.replace(/</g, "&lt;");
    return reply
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><title>${title} | Walmart simulator</title><h1>${title}</h1><p>$${dollars(item.salePriceCents).toFixed(2)}</p><img src="/img/${item.itemId}.svg" alt="" width="300" height="300"></html>`,
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
