import {
  AdminProductListQuery,
  CategoryDetailResponse,
  CategoryListQuery,
  CategoryListResponse,
  CategoryResponse,
  CategorySlugParams,
  type CategoryTreeNode,
  CreateCategoryBody,
  CreateProductBody,
  FxCurrencyParams,
  FxRateListResponse,
  IdParams,
  Problem,
  ProductListQuery,
  ProductListResponse,
  ProductOffersResponse,
  ProductResponse,
  ReplaceProductBody,
  SearchQuery,
  SearchResponse,
  SetFxRateBody,
  SetFxRateResponse,
  UpdateCategoryBody,
  UpdateProductBody,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isAdmin } from "../../platform/ctx.ts";
import { AppError } from "../../platform/errors.ts";
import { requireAdmin, requireUser } from "../../platform/http/auth.ts";
import { formatMinor } from "../../platform/money.ts";
import type { CatalogModule } from "./catalog.service.ts";
import type { Category, CategoryDetail, CategoryTree } from "./use-cases/categories.ts";
import type { Product, ProductInput, ProductOffers } from "./use-cases/products.ts";
import type { SearchEverywhereResult } from "./use-cases/search-everywhere.ts";

function toSearchResponse(r: SearchEverywhereResult, storeCurrency: string): SearchResponse {
  const money = (minor: number) => formatMinor(minor, storeCurrency);
  return {
    items: r.items.map((item) => ({
      key: item.key,
      offers: item.offers.map((o) => ({
        ...toProductResponse(o.product),
        delivery: { route: o.delivery.route, min_days: o.delivery.minDays, max_days: o.delivery.maxDays },
      })),
      cheapest_id: item.cheapestId,
      best_rated_id: item.bestRatedId,
      min_store_price: money(item.minStoreMinor),
      max_store_price: money(item.maxStoreMinor),
      spread: money(item.maxStoreMinor - item.minStoreMinor),
      store_currency: storeCurrency,
    })),
    page: r.page,
    page_size: r.pageSize,
    total: r.total,
    sources: r.sources.map((s) => ({
      code: s.code,
      name: s.name,
      status: s.status,
      latency_ms: s.latencyMs,
      count: s.count,
      dropped: s.dropped,
      cached: s.cached,
      error: s.error ?? null,
    })),
  };
}

export function toProductResponse(p: Product): ProductResponse {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    price: formatMinor(p.priceMinor, p.currency),
    currency: p.currency,
    store_price: formatMinor(p.storePriceMinor, p.storeCurrency),
    store_currency: p.storeCurrency,
    stock: p.stock,
    image_url: p.imageUrl,
    images: p.images,
    category: p.category,
    marketplace: { code: p.marketplace.code, name: p.marketplace.name },
    external_id: p.externalId,
    product_url: p.productUrl,
    available: p.available,
    in_stock: p.inStock,
    rating: p.rating === null ? null : Number(p.rating),
    rating_count: p.ratingCount,
    gtin: p.gtin,
    brand: p.brand,
    relation_token: p.relationToken,
    status: p.status,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

function toOffersResponse(o: ProductOffers): ProductOffersResponse {
  return {
    relation_token: o.relationToken,
    items: o.items.map(toProductResponse),
    total: o.items.length,
    cheapest_id: o.cheapestId,
    best_rated_id: o.bestRatedId,
    min_store_price: formatMinor(o.minStorePriceMinor, o.storeCurrency),
    max_store_price: formatMinor(o.maxStorePriceMinor, o.storeCurrency),
    spread: formatMinor(o.maxStorePriceMinor - o.minStorePriceMinor, o.storeCurrency),
    store_currency: o.storeCurrency,
  };
}

function toCategoryResponse(c: Category): CategoryResponse {
  return {
    id: c.id,
    parent_id: c.parentId,
    name: c.name,
    slug: c.slug,
    description: c.description,
    position: c.position,
    depth: c.depth,
    path: c.path,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

function toTreeResponse(c: CategoryTree): CategoryTreeNode {
  return { ...toCategoryResponse(c), children: c.children.map(toTreeResponse) };
}

function toCategoryDetail(c: CategoryDetail): CategoryDetailResponse {
  return { ...toCategoryResponse(c), ancestors: c.ancestors, children: c.children };
}

/** Services name fields as the API does ("price"); requests report them where they were sent ("body.price"). */
async function at<T>(where: "body" | "querystring", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.errors) {
      for (const e of err.errors) if (!e.path.startsWith(`${where}.`)) e.path = `${where}.${e.path}`;
    }
    throw err;
  }
}

function toProductInput(b: CreateProductBody): ProductInput;
function toProductInput(b: UpdateProductBody): Partial<ProductInput>;
function toProductInput(b: Partial<CreateProductBody>): Partial<ProductInput> {
  return {
    name: b.name,
    description: b.description,
    price: b.price,
    currency: b.currency,
    stock: b.stock,
    imageUrl: b.image_url,
    images: b.images,
    category: b.category,
    marketplace: b.marketplace,
    externalId: b.external_id,
    productUrl: b.product_url,
    available: b.available,
    rating: b.rating,
    ratingCount: b.rating_count,
    gtin: b.gtin,
    brand: b.brand,
  };
}

const admin = { preHandler: requireAdmin };
const adminErrors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };
const security = [{ bearer: [] }];

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogModule }> = async (app, { catalog }) => {
  // ------------------------------------------------------------ categories
  app.get(
    "/categories",
    {
      schema: {
        tags: ["catalog"],
        summary: "All categories: a flat list in tree order (default) or nested roots with ?format=tree",
        querystring: CategoryListQuery,
        response: { 200: CategoryListResponse },
      },
    },
    async (req) => {
      if (req.query.format === "tree") {
        const tree = await catalog.listCategoryTree(req.ctx);
        const total = (await catalog.listCategories(req.ctx)).length;
        return { items: tree.map(toTreeResponse), total };
      }
      const items = await catalog.listCategories(req.ctx);
      return { items: items.map(toCategoryResponse), total: items.length };
    },
  );

  app.get(
    "/categories/:slug",
    {
      schema: {
        tags: ["catalog"],
        summary: "One category by slug, with its ancestors and children",
        params: CategorySlugParams,
        response: { 200: CategoryDetailResponse, 404: Problem },
      },
    },
    async (req) => toCategoryDetail(await catalog.getCategoryBySlug(req.ctx, req.params.slug)),
  );

  app.post(
    "/categories",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Create a category (admin)",
        security,
        body: CreateCategoryBody,
        response: { 201: CategoryResponse, ...adminErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await at("body", () =>
        catalog.createCategory(req.ctx, {
          name: b.name,
          slug: b.slug,
          parentId: b.parent_id,
          description: b.description,
          position: b.position,
        }),
      );
      return reply.code(201).send(toCategoryResponse(created));
    },
  );

  app.patch(
    "/categories/:id",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Change a category (admin); moving it under its own subtree is refused",
        security,
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: CategoryResponse, ...adminErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const updated = await at("body", () =>
        catalog.updateCategory(req.ctx, req.params.id, {
          name: b.name,
          slug: b.slug,
          parentId: b.parent_id,
          description: b.description,
          position: b.position,
        }),
      );
      return toCategoryResponse(updated);
    },
  );

  app.delete(
    "/categories/:id",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Delete a category without sub-categories (admin); its products become uncategorised",
        security,
        params: IdParams,
        response: { 204: z.null(), ...adminErrors },
      },
    },
    async (req, reply) => {
      await catalog.removeCategory(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------ products
  app.get(
    "/products",
    {
      schema: {
        tags: ["catalog"],
        summary: "Search and browse products (full-text, typo tolerant) with filters, sorting and pages",
        description:
          "`total` is the exact number of matching products, counted at most 10 seconds ago: the server keeps " +
          "each answer (items and total) per query for up to 10 s. Changes made through this API process show " +
          "at once; changes by another process (or a stock decrement at checkout) may take up to 10 s to show " +
          "in listings. Product detail, carts and checkout always read current data.",
        querystring: ProductListQuery,
        response: { 200: ProductListResponse, 400: Problem },
      },
    },
    async (req, reply) => {
      const q = req.query;
      // The response text is kept per query (ADR 006). It is produced as the serializer would:
      // encoded through the response schema (which throws on a wrong shape), then JSON.stringify.
      const body = await at("querystring", () =>
        catalog.listProductsRendered(
          req.ctx,
          {
            q: q.q,
            category: q.category,
            minPrice: q.min_price,
            maxPrice: q.max_price,
            inStock: q.in_stock,
            marketplace: q.marketplace,
            minRating: q.min_rating,
            sort: q.sort,
            page: q.page,
            pageSize: q.page_size,
          },
          (result) =>
            JSON.stringify(
              ProductListResponse.encode({
                items: result.items.map(toProductResponse),
                page: result.page,
                page_size: result.pageSize,
                total: result.total,
              }),
            ),
        ),
      );
      // A string payload skips the route's serializer.
      return reply.type("application/json; charset=utf-8").send(body as unknown as ProductListResponse);
    },
  );

  app.get(
    "/admin/products",
    {
      preHandler: requireUser("staff", "admin"),
      schema: {
        tags: ["admin"],
        summary: "Every product, archived ones too, newest first, filtered by status and text (staff)",
        description: "Read from the database on every request (never kept like the public listing).",
        security,
        querystring: AdminProductListQuery,
        response: { 200: ProductListResponse, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const q = req.query;
      const result = await catalog.listAdminProducts(req.ctx, {
        q: q.q,
        status: q.status,
        page: q.page,
        pageSize: q.page_size,
      });
      return {
        items: result.items.map(toProductResponse),
        page: result.page,
        page_size: result.pageSize,
        total: result.total,
      };
    },
  );

  app.get(
    "/products/:id",
    {
      schema: {
        tags: ["catalog"],
        summary: "One product (archived ones are visible to admins only)",
        params: IdParams,
        response: { 200: ProductResponse, 404: Problem },
      },
    },
    async (req) =>
      toProductResponse(await catalog.getProduct(req.ctx, req.params.id, { includeArchived: isAdmin(req.actor) })),
  );

  app.get(
    "/search",
    {
      schema: {
        tags: ["catalog"],
        summary: "One search over the house catalog and every active marketplace, offers of each item side by side",
        description:
          "Every active marketplace is asked at once within its time budget (a slow one is cut off, one failing " +
          "repeatedly is skipped for a while); what they answer is kept as products (so offers can be carted by " +
          "id), prices converted to the store currency, and matched into items (relation_token). `sources` says " +
          "how each marketplace answered. A marketplace's answer to the same search is reused for a minute.",
        querystring: SearchQuery,
        response: { 200: SearchResponse, 400: Problem },
      },
    },
    async (req) => {
      const q = req.query;
      const result = await at("querystring", () =>
        catalog.searchEverywhere(req.ctx, {
          q: q.q,
          category: q.category,
          minPrice: q.min_price,
          maxPrice: q.max_price,
          sort: q.sort,
          page: q.page,
          pageSize: q.page_size,
        }),
      );
      return toSearchResponse(result, catalog.storeCurrency);
    },
  );

  app.get(
    "/products/:id/offers",
    {
      schema: {
        tags: ["catalog"],
        summary:
          "Every active offer of the same item across marketplaces (same relation_token): cheapest first, the best rated, the spread in price",
        params: IdParams,
        response: { 200: ProductOffersResponse, 404: Problem },
      },
    },
    async (req) =>
      toOffersResponse(await catalog.listOffers(req.ctx, req.params.id, { includeArchived: isAdmin(req.actor) })),
  );

  app.post(
    "/products",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Create a product (admin)",
        security,
        body: CreateProductBody,
        response: { 201: ProductResponse, ...adminErrors },
      },
    },
    async (req, reply) => {
      const created = await at("body", () => catalog.createProduct(req.ctx, toProductInput(req.body)));
      return reply.code(201).send(toProductResponse(created));
    },
  );

  app.put(
    "/products/:id",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Replace a product (admin): omitted optional fields take their defaults",
        security,
        params: IdParams,
        body: ReplaceProductBody,
        response: { 200: ProductResponse, ...adminErrors },
      },
    },
    async (req) =>
      toProductResponse(
        await at("body", () => catalog.replaceProduct(req.ctx, req.params.id, toProductInput(req.body))),
      ),
  );

  app.patch(
    "/products/:id",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Change some fields of a product (admin)",
        security,
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: ProductResponse, ...adminErrors },
      },
    },
    async (req) =>
      toProductResponse(
        await at("body", () =>
          catalog.updateProduct(req.ctx, req.params.id, { ...toProductInput(req.body), status: req.body.status }),
        ),
      ),
  );

  app.delete(
    "/products/:id",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Delete a product (admin); one that orders or carts refer to is archived instead",
        security,
        params: IdParams,
        response: { 204: z.null(), ...adminErrors },
      },
    },
    async (req, reply) => {
      await catalog.removeProduct(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ------------------------------------------------------------ fx rates
  app.get(
    "/fx-rates",
    {
      schema: {
        tags: ["catalog"],
        summary: "Exchange rates into the store currency",
        response: { 200: FxRateListResponse },
      },
    },
    async (req) => {
      const rates = await catalog.listFxRates(req.ctx);
      return {
        store_currency: catalog.storeCurrency,
        items: rates.map((r) => ({ currency: r.currency, rate: r.rate, updated_at: r.updatedAt.toISOString() })),
        total: rates.length,
      };
    },
  );

  app.put(
    "/fx-rates/:currency",
    {
      ...admin,
      schema: {
        tags: ["catalog"],
        summary: "Set an exchange rate (admin); re-prices every product in that currency",
        security,
        params: FxCurrencyParams,
        body: SetFxRateBody,
        response: { 200: SetFxRateResponse, ...adminErrors },
      },
    },
    async (req) => {
      const r = await at("body", () => catalog.setFxRate(req.ctx, req.params.currency, req.body.rate));
      return { currency: r.currency, rate: r.rate, products_repriced: r.productsRepriced };
    },
  );
};
