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

/**
 * A Jumia-like store. Jumia publishes no buyer-side search or order API (protocols.md §5: only
 * the seller's Vendor Center API and JumiaPay), so this is the plain JSON product search of the
 * kind a store's own front end uses and Sokoni's generic adapter maps by configuration:
 * `GET /api/catalog/search?q=&page=&perPage=&sort=&category=&minPrice=&maxPrice=` and
 * `GET /api/catalog/products/:sku`, authenticated by an `X-Api-Key` header, prices in KES
 * (whole shillings), an EAN on few products. The failure switches apply to both calls.
 */
export type JumiaOptions = {
  /** The key `X-Api-Key` must carry (default: Sokoni's development value). */
  apiKey?: string;
  mode?: SimModeInput;
  port?: number;
  host?: string;
  logger?: boolean;
};

export type JumiaSimulator = {
  url: string;
  mode(): SimMode;
  setMode(patch: SimModeInput): SimMode;
  resetMode(): SimMode;
  /** API calls received, whatever their answer. */
  calls(): number;
  close(): Promise<void>;
};

export const JUMIA_DEV_API_KEY = "sokoni-dev-jumia-api-key";
export const JUMIA_API_KEY_HEADER = "x-api-key";
export const JUMIA_SORTS = ["popularity", "lowest-price", "highest-price", "newest", "rating"] as const;
export const JUMIA_CATEGORIES: Record<Category, string> = {
  phone: "phones-tablets",
  tablet: "phones-tablets",
  accessory: "mobile-accessories",
  laptop: "computing",
  tv: "televisions",
  headphones: "electronics",
  watch: "electronics",
  shoes: "fashion",
  clothing: "fashion",
  kitchen: "home-office",
};

class JumiaFault extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const kes = (shillings: number) => `KSh ${shillings.toLocaleString("en-US")}`;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export async function startJumia(opts: JumiaOptions = {}): Promise<JumiaSimulator> {
  const apiKey = opts.apiKey ?? JUMIA_DEV_API_KEY;
  const switches = createSwitches(opts.mode);
  let calls = 0;
  let base = "";

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof JumiaFault) {
      return reply.code(err.status).send({ success: false, error: { code: err.code, message: err.message } });
    }
    app.log.error({ err }, "Jumia simulator error");
    return reply.code(500).send({ success: false, error: { code: "INTERNAL_ERROR", message: "Something went wrong" } });
  });
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ success: false, error: { code: "NOT_FOUND", message: "Resource not found" } }),
  );
  registerSwitchRoutes(app, switches);
  registerImageRoute(app, "jumia");

  async function gate(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    calls++;
    if (req.headers[JUMIA_API_KEY_HEADER] !== apiKey) {
      throw new JumiaFault(401, "UNAUTHORIZED", "Missing or invalid API key");
    }
    await switches.delay(req.url);
    const mode = switches.mode();
    if (mode.fail) {
      await reply
        .code(500)
        .send({ success: false, error: { code: "INTERNAL_ERROR", message: "Something went wrong" } });
      return true;
    }
    if (mode.malformed === "body") {
      await reply.code(200).type("application/json").send(GARBLED_BODY);
      return true;
    }
    return false;
  }

  const pageUrl = (l: Listing) => `${base}/${slug(l.title)}-${l.id}.html`;

  function productOf(l: Listing): Record<string, unknown> {
    const price = l.priceMinor / 100;
    const prices: Record<string, unknown> = {
      price,
      rawPrice: price.toFixed(2),
      displayPrice: kes(price),
      currency: l.currency,
    };
    if (l.listPriceMinor !== null) {
      const old = l.listPriceMinor / 100;
      prices.oldPrice = old;
      prices.displayOldPrice = kes(old);
      prices.discount = `${Math.round((1 - price / old) * 100)}%`;
    }
    const product: Record<string, unknown> = {
      sku: l.id,
      name: l.title,
      brand: l.brand,
      category: JUMIA_CATEGORIES[l.category],
      prices,
      image: `${base}${l.imagePath}`,
      url: pageUrl(l),
      rating: { average: l.rating?.average ?? 0, totalRatings: l.rating?.count ?? 0 },
      isBuyable: l.available,
    };
    if (l.gtin) product.ean = l.gtin;
    return product;
  }

  /** A broken feed: a field gone or of the wrong kind. */
  function garble(product: Record<string, unknown>, index: number): Record<string, unknown> {
    const broken = { ...product };
    switch (index % 4) {
      case 0:
        delete broken.prices;
        break;
      case 1:
        broken.prices = { price: "KSh --", currency: "KES" };
        break;
      case 2:
        delete broken.name;
        break;
      default:
        broken.sku = null;
    }
    return broken;
  }

  app.get("/api/catalog/search", async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const query = req.query as Record<string, string | undefined>;
    const q = query.q?.trim() ?? "";
    if (!q) throw new JumiaFault(400, "INVALID_QUERY", "q is required");
    const page = query.page === undefined ? 1 : Number(query.page);
    if (!Number.isInteger(page) || page < 1 || page > 500) {
      throw new JumiaFault(400, "INVALID_PAGE", "page must be an integer from 1 to 500");
    }
    const perPage = query.perPage === undefined ? 24 : Number(query.perPage);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 48) {
      throw new JumiaFault(400, "INVALID_PER_PAGE", "perPage must be an integer from 1 to 48");
    }
    const sort = query.sort ?? "popularity";
    if (!(JUMIA_SORTS as readonly string[]).includes(sort)) {
      throw new JumiaFault(400, "INVALID_SORT", `sort must be one of ${JUMIA_SORTS.join(", ")}`);
    }
    const bound = (name: string) => {
      const v = query[name];
      if (v === undefined || v === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0)
        throw new JumiaFault(400, "INVALID_PRICE", `${name} must be a number of shillings`);
      return Math.round(n * 100);
    };
    const minPrice = bound("minPrice");
    const maxPrice = bound("maxPrice");

    let found = searchListings("jumia", q);
    if (query.category) found = found.filter((l) => JUMIA_CATEGORIES[l.category] === query.category);
    if (minPrice !== null) found = found.filter((l) => l.priceMinor >= minPrice);
    if (maxPrice !== null) found = found.filter((l) => l.priceMinor <= maxPrice);
    if (sort === "lowest-price") found.sort((a, b) => a.priceMinor - b.priceMinor || a.id.localeCompare(b.id));
    if (sort === "highest-price") found.sort((a, b) => b.priceMinor - a.priceMinor || a.id.localeCompare(b.id));
    if (sort === "newest") found.sort((a, b) => b.listedAt.localeCompare(a.listedAt) || a.id.localeCompare(b.id));
    if (sort === "rating")
      found.sort((a, b) => (b.rating?.average ?? 0) - (a.rating?.average ?? 0) || a.id.localeCompare(b.id));

    const items = found.slice((page - 1) * perPage, page * perPage);
    return {
      products: items.map((l, i) => (switches.garbles(l.id, i) ? garble(productOf(l), i) : productOf(l))),
      pagination: {
        page,
        perPage,
        totalPages: Math.max(1, Math.ceil(found.length / perPage)),
        totalItems: found.length,
      },
    };
  });

  app.get<{ Params: { sku: string } }>("/api/catalog/products/:sku", async (req, reply) => {
    if (await gate(req, reply)) return reply;
    const l = findListing("jumia", req.params.sku);
    if (!l) throw new JumiaFault(404, "PRODUCT_NOT_FOUND", `No product with SKU ${req.params.sku}`);
    const item = universeItemOf(l);
    const product: Record<string, unknown> = {
      ...productOf(l),
      description: l.description,
      specifications: l.aspects,
      seller: { name: l.seller.username, score: Number(l.seller.feedbackPercentage) },
      stock: l.available ? l.quantity : 0,
      colour: item.colour,
    };
    if (l.weightGrams !== null) product.weight = `${(l.weightGrams / 1000).toFixed(2)} kg`;
    return { product: switches.garbles(l.id, 0) ? garble(product, req.url.length) : product };
  });

  // The product page (url), so links work offline: /<slug>-<SKU>.html
  app.get<{ Params: { page: string } }>("/:page", async (req, reply) => {
    const sku = /-([A-Z0-9]+NAFAMZ)\.html$/.exec(req.params.page)?.[1];
    const l = sku ? findListing("jumia", sku) : undefined;
    if (!l)
      return reply.code(404).type("text/html").send("<!doctype html><title>Not found</title><p>No such product.</p>");
    const title = l.title.replace(/</g, "&lt;");
    return reply
      .type("text/html")
      .send(
        `<!doctype html><html lang="en"><title>${title} | Jumia simulator</title><h1>${title}</h1><p>${kes(l.priceMinor / 100)}</p><img src="${l.imagePath}" alt="" width="300" height="300"></html>`,
      );
  });

  const address = await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  base = address.replace("[::1]", "localhost");
  warmUp("jumia");
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
