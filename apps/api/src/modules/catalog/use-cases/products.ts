import type { Ctx } from "../../../platform/ctx.ts";
import { withSavepoint, withTx } from "../../../platform/db.ts";
import {
  BusinessRuleError,
  ConflictError,
  type FieldError,
  NotFoundError,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
  ValidationError,
} from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { convertMinor, formatMinor, MoneyFormatError, minorDigits, toMinor } from "../../../platform/money.ts";
import { HOUSE_MARKETPLACE_CODE, type Marketplace, type MarketplacesModule } from "../../marketplaces/index.ts";
import * as repo from "../catalog.repo.ts";
import { bestGroup, isValidGtin, type MatchKey, matchKeyOf } from "../matching/index.ts";
import { createListingCache, type ProductSearch, type ProductSort, searchProducts } from "../search/index.ts";
import type { createCategories } from "./categories.ts";
import type { createFxRates } from "./fx-rates.ts";
import { priceBounds } from "./price-filter.ts";

export type Product = {
  id: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  storePriceMinor: number;
  storeCurrency: string;
  stock: number;
  imageUrl: string | null;
  /** More pictures for the gallery, after imageUrl. */
  images: string[];
  category: { id: string; slug: string; name: string } | null;
  marketplace: Pick<Marketplace, "id" | "code" | "name" | "kind">;
  externalId: string | null;
  productUrl: string | null;
  available: boolean;
  /** Available, and for house products stock > 0. */
  inStock: boolean;
  /** Decimal string 0–5, or null. */
  rating: string | null;
  ratingCount: number;
  /** GTIN/EAN/UPC as given, digits only. */
  gtin: string | null;
  /** As given, else the brand detected in the name (lowercase). */
  brand: string | null;
  /** Shared by every offer of the same item (ADR 008). */
  relationToken: string | null;
  status: "active" | "archived";
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A product as an admin writes it. Field error paths in thrown errors use the API's names. */
export type ProductInput = {
  name: string;
  description?: string;
  /** Major units, number or decimal string. */
  price: number | string;
  /** Defaults to the store currency. */
  currency?: string;
  stock?: number;
  imageUrl?: string | null;
  images?: string[];
  /** Slug or id. */
  category?: string | null;
  /** Code; defaults to the house marketplace. */
  marketplace?: string;
  externalId?: string | null;
  productUrl?: string | null;
  available?: boolean;
  rating?: number | null;
  ratingCount?: number;
  /** Digits only; the route validates the check digit. */
  gtin?: string | null;
  brand?: string | null;
};

/** Every active offer of one item (GET /products/:id/offers). */
export type ProductOffers = {
  relationToken: string | null;
  /** Cheapest first (store price), then best rated. */
  items: Product[];
  cheapestId: string;
  bestRatedId: string | null;
  minStorePriceMinor: number;
  maxStorePriceMinor: number;
  storeCurrency: string;
};

export type ProductListInput = {
  q?: string;
  category?: string;
  /** Store-currency major units. */
  minPrice?: string | number;
  maxPrice?: string | number;
  inStock?: boolean;
  marketplace?: string;
  /** 0–5; unrated products never match. */
  minRating?: number;
  sort?: ProductSort;
  page: number;
  pageSize: number;
};

export type AdminProductListInput = {
  q?: string;
  /** Default all. */
  status?: "active" | "archived" | "all";
  page: number;
  pageSize: number;
};

/**
 * An offer a marketplace answered a search with, already normalized by its adapter (the
 * marketplaces module's Offer has this shape): upserted as a product by (marketplace, external id).
 */
export type ExternalOfferInput = {
  externalId: string;
  title: string;
  description: string | null;
  priceMinor: number;
  currency: string;
  imageUrl: string | null;
  productUrl: string;
  rating: number | null;
  ratingCount: number | null;
  availability: "in_stock" | "limited" | "out_of_stock" | "unknown";
  gtin: string | null;
  brand: string | null;
};

/** What the seeder / benchmark bulk-loads. */
export type ImportProductRow = {
  marketplaceId: string;
  categoryId: string | null;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  imageUrl: string | null;
  images?: string[];
  externalId: string | null;
  productUrl: string | null;
  available: boolean;
  rating: string | null;
  ratingCount: number;
  gtin?: string | null;
  brand?: string | null;
  createdAt?: Date;
};

const IMPORT_CHUNK = 1000;
/** Offers of one brand compared with a new offer to find its item (ADR 008). */
const MATCH_CANDIDATES = 500;
/** Offers shown for one item. */
const MAX_OFFERS = 100;

type Deps = {
  marketplaces: MarketplacesModule;
  storeCurrency: string;
  categories: ReturnType<typeof createCategories>;
  fx: ReturnType<typeof createFxRates>;
};

function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

export function createProducts({ marketplaces, storeCurrency, categories, fx }: Deps) {
  // Listing totals, ranked search pages and typo corrections, kept for a few seconds (see
  // search/listing-cache.ts and docs/adr/006-listing-totals.md); every product write below clears them.
  const listings = createListingCache();

  /** Runs a product write, clearing the listing cache before and after it. */
  async function writing<T>(fn: () => Promise<T>): Promise<T> {
    listings.clear();
    try {
      return await fn();
    } finally {
      listings.clear();
    }
  }

  async function toProduct(ctx: Ctx, row: repo.ProductRow): Promise<Product> {
    const m = await marketplaces.getMarketplace(ctx, row.marketplace_id);
    const stock = Number(row.stock);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      priceMinor: Number(row.price_minor),
      currency: row.currency,
      storePriceMinor: Number(row.store_price_minor),
      storeCurrency,
      stock,
      imageUrl: row.image_url,
      images: row.images ?? [],
      category:
        row.category_id && row.category_slug && row.category_name
          ? { id: row.category_id, slug: row.category_slug, name: row.category_name }
          : null,
      marketplace: { id: m.id, code: m.code, name: m.name, kind: m.kind },
      externalId: row.external_id,
      productUrl: row.product_url,
      available: row.available,
      inStock: row.available && (m.kind !== "house" || stock > 0),
      rating: row.rating,
      ratingCount: Number(row.rating_count),
      gtin: row.gtin,
      brand: row.brand,
      relationToken: row.relation_token,
      status: row.status,
      archivedAt: row.archived_at === null ? null : toDate(row.archived_at),
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
    };
  }

  async function resolveMarketplace(ctx: Ctx, code: string): Promise<Marketplace> {
    if (code === HOUSE_MARKETPLACE_CODE) return marketplaces.ensureHouseMarketplace(ctx, storeCurrency);
    const m = await marketplaces.findMarketplaceByCode(ctx, code);
    if (!m) {
      throw new BusinessRuleError("MARKETPLACE_NOT_FOUND", `No marketplace with code ${code}`, [
        { path: "marketplace", message: "no such marketplace" },
      ]);
    }
    return m;
  }

  async function resolveCategoryId(ctx: Ctx, ref: string | null | undefined): Promise<string | null> {
    if (ref === null || ref === undefined) return null;
    const found = isUuid(ref) ? await categories.findCategory(ctx, ref) : await categories.findCategoryBySlug(ctx, ref);
    if (!found) {
      throw new BusinessRuleError("CATEGORY_NOT_FOUND", `No category ${ref}`, [
        { path: "category", message: "no such category" },
      ]);
    }
    return found.id;
  }

  /** Price → minor units and store minor units; 400 for a malformed amount, 422 without an fx rate. */
  async function price(ctx: Ctx, amount: number | string, currency: string) {
    let priceMinor: number;
    try {
      priceMinor = toMinor(amount, currency);
    } catch (err) {
      if (!(err instanceof MoneyFormatError)) throw err;
      throw new ValidationError("The price is not valid", [{ path: "price", message: err.message }]);
    }
    const rate = await fx.findFxRate(ctx, currency);
    if (rate === undefined) {
      throw new BusinessRuleError("UNSUPPORTED_CURRENCY", `There is no exchange rate for ${currency}`, [
        { path: "currency", message: "has no exchange rate" },
      ]);
    }
    return { priceMinor, currency, storePriceMinor: convertMinor(priceMinor, currency, storeCurrency, rate) };
  }

  /**
   * GTIN, brand and relation token of a product being written (ADR 008): the token of an active
   * product with the same GTIN, else of the group of the same brand's offers this one is the same
   * item as (bestGroup), else its own.
   */
  async function matchFields(ctx: Ctx, id: string, input: ProductInput) {
    const key = matchKeyOf({ title: input.name, brand: input.brand, gtin: input.gtin });
    const brand = input.brand ?? key.attrs.brand ?? null;
    const fields = { gtin: input.gtin ?? null, brand, relationToken: key.token };
    if (key.gtin14 && (await repo.hasRelationToken(ctx.db, key.token))) return fields;
    const brands = [...new Set([brand, key.attrs.brand].filter((b): b is string => !!b))];
    if (brands.length === 0) return fields;
    const candidates = await repo.selectMatchCandidates(ctx.db, brands, id, MATCH_CANDIDATES);
    const groups = new Map<string, { token: string; keys: MatchKey[] }>();
    for (const c of candidates) {
      const group = groups.get(c.relation_token) ?? { token: c.relation_token, keys: [] };
      group.keys.push(matchKeyOf({ title: c.name, brand: c.brand, gtin: c.gtin }));
      groups.set(c.relation_token, group);
    }
    const best = bestGroup(key, [...groups.values()]);
    return best ? { ...fields, relationToken: best.token } : fields;
  }

  async function writeFields(ctx: Ctx, id: string, input: ProductInput): Promise<repo.ProductWrite> {
    const currency = input.currency ?? storeCurrency;
    const errors: FieldError[] = [];
    if (input.stock !== undefined && (!Number.isInteger(input.stock) || input.stock < 0)) {
      errors.push({ path: "stock", message: "must be a whole number ≥ 0" });
    }
    if (errors.length > 0) throw new ValidationError("The product is not valid", errors);
    const money = await price(ctx, input.price, currency);
    const marketplace = await resolveMarketplace(ctx, input.marketplace ?? HOUSE_MARKETPLACE_CODE);
    return {
      ...money,
      name: input.name,
      description: input.description ?? "",
      stock: input.stock ?? 0,
      imageUrl: input.imageUrl ?? null,
      images: input.images ?? [],
      categoryId: await resolveCategoryId(ctx, input.category),
      marketplaceId: marketplace.id,
      externalId: input.externalId ?? null,
      productUrl: input.productUrl ?? null,
      available: input.available ?? true,
      rating: input.rating === null || input.rating === undefined ? null : String(input.rating),
      ratingCount: input.ratingCount ?? 0,
      ...(await matchFields(ctx, id, input)),
    };
  }

  function duplicate(err: unknown): never {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      throw new ConflictError(
        "PRODUCT_EXTERNAL_ID_TAKEN",
        "This marketplace already has a product with that external_id",
        [{ path: "external_id", message: "is already used in this marketplace" }],
      );
    }
    throw err;
  }

  /** The product, or undefined; archived products only with includeArchived. */
  async function findProduct(ctx: Ctx, id: string, opts: { includeArchived?: boolean } = {}) {
    if (!isUuid(id)) return undefined;
    const row = await repo.selectProduct(ctx.db, id);
    if (!row || (row.status === "archived" && !opts.includeArchived)) return undefined;
    return toProduct(ctx, row);
  }

  /** The product. Throws NotFoundError (PRODUCT_NOT_FOUND), also for archived ones unless includeArchived. */
  async function getProduct(ctx: Ctx, id: string, opts: { includeArchived?: boolean } = {}): Promise<Product> {
    const found = await findProduct(ctx, id, opts);
    if (!found) throw new NotFoundError("PRODUCT_NOT_FOUND", `No product with id ${id}`);
    return found;
  }

  /** Creates a product. Throws ValidationError, BusinessRuleError (UNSUPPORTED_CURRENCY, CATEGORY_NOT_FOUND, MARKETPLACE_NOT_FOUND), ConflictError. */
  async function createProduct(ctx: Ctx, input: ProductInput): Promise<Product> {
    const id = newId();
    const fields = await writeFields(ctx, id, input);
    await writing(async () => {
      await repo.insertProduct(ctx.db, id, fields).catch(duplicate);
      await repo.addSearchWords(ctx.db, [fields.name]);
    });
    return getProduct(ctx, id);
  }

  /** Replaces every field (omitted optional fields take their defaults). Errors as createProduct, plus NotFoundError. */
  async function replaceProduct(ctx: Ctx, id: string, input: ProductInput): Promise<Product> {
    await getProduct(ctx, id, { includeArchived: true });
    const fields = await writeFields(ctx, id, input);
    await writing(async () => {
      await repo.updateProduct(ctx.db, id, fields).catch(duplicate);
      await repo.addSearchWords(ctx.db, [fields.name]);
    });
    return getProduct(ctx, id, { includeArchived: true });
  }

  /** Changes only the given fields; `status` archives or restores. Errors as replaceProduct. */
  async function updateProduct(
    ctx: Ctx,
    id: string,
    { status, ...patch }: Partial<ProductInput> & { status?: "active" | "archived" },
  ): Promise<Product> {
    const current = await getProduct(ctx, id, { includeArchived: true });
    if (status === "archived" && current.status !== "archived") await writing(() => repo.archiveProduct(ctx.db, id));
    if (status === "active" && current.status !== "active") {
      await writing(() => repo.updateProduct(ctx.db, id, { status: "active", archivedAt: null }));
    }
    if (Object.values(patch).every((v) => v === undefined)) return getProduct(ctx, id, { includeArchived: true });
    const merged: ProductInput = {
      name: current.name,
      description: current.description,
      price: formatMinor(current.priceMinor, current.currency),
      currency: current.currency,
      stock: current.stock,
      imageUrl: current.imageUrl,
      images: current.images,
      category: current.category?.id ?? null,
      marketplace: current.marketplace.code,
      externalId: current.externalId,
      productUrl: current.productUrl,
      available: current.available,
      rating: current.rating === null ? null : Number(current.rating),
      ratingCount: current.ratingCount,
      gtin: current.gtin,
      // A brand detected from the old name is detected again from the new one.
      brand:
        current.brand === null || current.brand === matchKeyOf({ title: current.name }).attrs.brand
          ? null
          : current.brand,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    return replaceProduct(ctx, id, merged);
  }

  /**
   * Deletes the product, or archives it when other tables still refer to it (orders, carts...):
   * the DELETE runs in a savepoint and a foreign-key violation turns it into an archive, so any
   * future table that references products gets this behaviour without catalog knowing about it.
   * Throws NotFoundError.
   */
  async function removeProduct(ctx: Ctx, id: string): Promise<"deleted" | "archived"> {
    await getProduct(ctx, id, { includeArchived: true });
    return writing(() =>
      withTx(ctx, async (tx) => {
        try {
          await withSavepoint(tx, (sp) => repo.deleteProduct(sp.db, id));
          return "deleted" as const;
        } catch (err) {
          if (pgErrorCode(err) !== PG_FOREIGN_KEY_VIOLATION) throw err;
          await repo.archiveProduct(tx.db, id);
          return "archived" as const;
        }
      }),
    );
  }

  /**
   * Active products of active marketplaces matching the filters, one page of them, with the total
   * and how the search matched. Throws ValidationError.
   */
  async function listProducts(ctx: Ctx, input: ProductListInput) {
    return runList(ctx, input, await resolveList(ctx, input));
  }

  /** The listing's filters in database terms (validated, slugs and codes resolved to ids). */
  async function resolveList(ctx: Ctx, input: ProductListInput) {
    const { minStoreMinor, maxStoreMinor } = priceBounds(storeCurrency, input.minPrice, input.maxPrice);
    const all = await marketplaces.listMarketplaces(ctx, { includeInactive: true });
    let marketplaceId: string | undefined;
    if (input.marketplace !== undefined) {
      // An unknown code matches nothing (an empty page), like an unknown category slug.
      marketplaceId = all.items.find((m) => m.code === input.marketplace)?.id ?? "00000000-0000-0000-0000-000000000000";
    }
    // An unknown slug matches nothing (an empty page), like an unknown marketplace code.
    const categoryIds =
      input.category === undefined ? undefined : ((await categories.categorySubtreeIds(ctx, input.category)) ?? []);
    const search: ProductSearch = {
      q: input.q,
      categoryIds,
      minStoreMinor,
      maxStoreMinor,
      inStock: input.inStock,
      marketplaceId,
      minRating: input.minRating,
      houseMarketplaceIds: all.items.filter((m) => m.kind === "house").map((m) => m.id),
      hiddenMarketplaceIds: all.items.filter((m) => !m.active).map((m) => m.id),
      sort: input.sort,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    };
    // What a listing shows besides product rows: marketplace names and kinds, category names.
    const shown = [all.items.map((m) => [m.id, m.code, m.name, m.kind]), categories.categoriesVersion()];
    return { search, shown };
  }

  async function runList(ctx: Ctx, input: ProductListInput, { search }: { search: ProductSearch }) {
    const result = await searchProducts(ctx.db, search, listings);
    const items = await Promise.all(result.rows.map((row) => toProduct(ctx, row)));
    return { items, total: result.total, page: input.page, pageSize: input.pageSize, mode: result.mode };
  }

  /**
   * Every product whatever its status or marketplace (archived ones too), newest first, for the
   * admin console; read directly, never kept. `q` matches part of the name or words of name and description.
   */
  async function listAdminProducts(ctx: Ctx, input: AdminProductListInput) {
    const { rows, total } = await repo.selectAdminProducts(ctx.db, {
      q: input.q?.trim() || undefined,
      status: input.status ?? "all",
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    const items = await Promise.all(rows.map((row) => toProduct(ctx, row)));
    return { items, total, page: input.page, pageSize: input.pageSize };
  }

  /**
   * Bulk insert for the seeder and benchmark: 1000 rows per statement, store prices computed in SQL
   * from fx_rates, rows whose (marketplace, external_id) exists skipped. Returns rows inserted.
   * Throws BusinessRuleError (UNSUPPORTED_CURRENCY) when a currency has no fx rate.
   */
  async function importProducts(ctx: Ctx, rows: ImportProductRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const currencies = [...new Set(rows.map((r) => r.currency))];
    for (const c of currencies) {
      if ((await fx.findFxRate(ctx, c)) === undefined) {
        throw new BusinessRuleError("UNSUPPORTED_CURRENCY", `There is no exchange rate for ${c}`);
      }
    }
    const storeDigits = minorDigits(storeCurrency);
    // Imports take each row's own token (same GTIN, or same brand + model + attributes); the
    // similarity join against stored offers runs on single writes only (ADR 008).
    let inserted = 0;
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
      const chunk = rows.slice(i, i + IMPORT_CHUNK).map((r) => {
        const key = matchKeyOf({ title: r.name, brand: r.brand, gtin: r.gtin });
        return {
          id: newId(),
          marketplace_id: r.marketplaceId,
          category_id: r.categoryId,
          name: r.name,
          description: r.description,
          price_minor: r.priceMinor,
          currency: r.currency,
          shift: storeDigits - minorDigits(r.currency),
          stock: r.stock,
          image_url: r.imageUrl,
          images: r.images ?? [],
          external_id: r.externalId,
          product_url: r.productUrl,
          available: r.available,
          rating: r.rating,
          rating_count: r.ratingCount,
          gtin: r.gtin ?? null,
          brand: r.brand ?? key.attrs.brand ?? null,
          relation_token: key.token,
          created_at: r.createdAt ? r.createdAt.toISOString() : null,
        };
      });
      inserted += await writing(() => repo.bulkInsertProducts(ctx.db, chunk));
    }
    return inserted;
  }

  /** Rebuilds the dictionary of name words that typo correction uses (writes through this module keep it current). */
  async function rebuildSearchWords(ctx: Ctx): Promise<void> {
    await writing(() => withTx(ctx, (tx) => repo.rebuildSearchWords(tx.db)));
  }

  /**
   * listProducts' page rendered by `render` (the HTTP response text), kept like search pages for
   * LISTING_CACHE_TTL_MS per input and cleared by every product write through this module
   * (ADR 006): a popular page is then answered without the database or serialisation.
   */
  async function listProductsRendered(
    ctx: Ctx,
    input: ProductListInput,
    render: (page: Awaited<ReturnType<typeof listProducts>>) => string,
  ): Promise<string> {
    const resolved = await resolveList(ctx, input);
    const key = JSON.stringify([resolved.search, resolved.shown]);
    return listings.rendered.get(key, async () => render(await runList(ctx, input, resolved)));
  }

  /**
   * Forgets kept listing totals and search pages at once. Product writes through this module do it
   * themselves; call it after changing products another way (raw SQL, stock, fx re-pricing) when the
   * change must show in listings sooner than LISTING_CACHE_TTL_MS.
   */
  function invalidateListings(): void {
    listings.clear();
  }

  /**
   * Every active offer of the product's item: the products sharing its relation token, of active
   * marketplaces, cheapest first, at most MAX_OFFERS; the product itself always. Throws
   * NotFoundError (PRODUCT_NOT_FOUND) as getProduct.
   */
  async function listOffers(ctx: Ctx, id: string, opts: { includeArchived?: boolean } = {}): Promise<ProductOffers> {
    const product = await getProduct(ctx, id, opts);
    const all = await marketplaces.listMarketplaces(ctx, { includeInactive: true });
    const hidden = new Set(all.items.filter((m) => !m.active).map((m) => m.id));
    const rows = product.relationToken ? await repo.selectOffers(ctx.db, product.relationToken, MAX_OFFERS) : [];
    const others = await Promise.all(
      rows.filter((r) => r.id !== product.id && !hidden.has(r.marketplace_id)).map((r) => toProduct(ctx, r)),
    );
    const items = [product, ...others].sort(
      (a, b) =>
        a.storePriceMinor - b.storePriceMinor ||
        Number(b.rating ?? -1) - Number(a.rating ?? -1) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const rated = items.filter((p) => p.rating !== null);
    const best = rated.sort((a, b) => Number(b.rating) - Number(a.rating) || b.ratingCount - a.ratingCount)[0];
    const prices = items.map((p) => p.storePriceMinor);
    return {
      relationToken: product.relationToken,
      items,
      cheapestId: (items[0] as Product).id,
      bestRatedId: best?.id ?? null,
      minStorePriceMinor: Math.min(...prices),
      maxStorePriceMinor: Math.max(...prices),
      storeCurrency,
    };
  }

  /** Number of products, archived included. */
  async function countProducts(ctx: Ctx): Promise<number> {
    return repo.countProducts(ctx.db);
  }

  /**
   * Keeps a marketplace's answer in the catalog so its offers can be carted and ordered by id:
   * a known (marketplace, external id) gets the fresh price, availability and rating; a new one
   * is inserted and matched to the item it is (relation token, ADR 008), so offers from several
   * stores line up. An offer in a currency without an exchange rate is left out and reported.
   * Returns the product ids in the offers' order.
   */
  async function upsertOffers(
    ctx: Ctx,
    marketplaceId: string,
    offers: ExternalOfferInput[],
  ): Promise<{ ids: string[]; skipped: { externalId: string; reason: string }[] }> {
    const ids: string[] = [];
    const skipped: { externalId: string; reason: string }[] = [];
    if (offers.length === 0) return { ids, skipped };
    await writing(() =>
      withTx(ctx, async (tx) => {
        const known = new Map(
          (
            await repo.selectByExternalIds(
              tx.db,
              marketplaceId,
              offers.map((o) => o.externalId),
            )
          ).map((r) => [r.external_id, r.id]),
        );
        const newNames: string[] = [];
        for (const offer of offers) {
          let money: Awaited<ReturnType<typeof price>>;
          try {
            money = await price(tx, formatMinor(offer.priceMinor, offer.currency), offer.currency);
          } catch (err) {
            skipped.push({ externalId: offer.externalId, reason: err instanceof Error ? err.message : "no price" });
            continue;
          }
          const gtin = offer.gtin && isValidGtin(offer.gtin) ? offer.gtin : null;
          const fresh = {
            ...money,
            name: offer.title,
            description: offer.description ?? "",
            imageUrl: offer.imageUrl,
            productUrl: offer.productUrl,
            available: offer.availability !== "out_of_stock",
            rating: offer.rating === null ? null : offer.rating.toFixed(2),
            ratingCount: offer.ratingCount ?? 0,
          };
          const id = known.get(offer.externalId);
          if (id) {
            // Its item (relation token) stays: the offer was matched when it first came.
            await repo.updateProduct(tx.db, id, { ...fresh, ...(gtin ? { gtin } : {}) });
            ids.push(id);
            continue;
          }
          const newIdValue = newId();
          const match = await matchFields(tx, newIdValue, {
            name: offer.title,
            price: money.priceMinor,
            brand: offer.brand ?? undefined,
            gtin: gtin ?? undefined,
          });
          const inserted = await repo.insertExternalProduct(tx.db, newIdValue, {
            ...fresh,
            ...match,
            marketplaceId,
            externalId: offer.externalId,
            categoryId: null,
            stock: 0,
            images: [],
          });
          if (!inserted) {
            // A concurrent search inserted the same offer first (it committed after our lookup):
            // take its row and refresh it, as for a known one.
            const [theirs] = await repo.selectByExternalIds(tx.db, marketplaceId, [offer.externalId]);
            if (!theirs) throw new Error(`offer ${offer.externalId} neither inserted nor found`);
            await repo.updateProduct(tx.db, theirs.id, { ...fresh, ...(gtin ? { gtin } : {}) });
            known.set(offer.externalId, theirs.id);
            ids.push(theirs.id);
            continue;
          }
          known.set(offer.externalId, newIdValue);
          newNames.push(offer.title);
          ids.push(newIdValue);
        }
        if (newNames.length > 0) await repo.addSearchWords(tx.db, newNames);
      }),
    );
    return { ids, skipped };
  }

  /** An external product its marketplace no longer has (a re-check said so): no longer for sale. */
  async function markExternalGone(ctx: Ctx, id: string): Promise<void> {
    await writing(() => repo.updateProduct(ctx.db, id, { available: false }));
  }

  /** The products a marketplace's offers already are (by external id); unknown ones are left out. */
  async function findOfferIds(ctx: Ctx, marketplaceId: string, externalIds: string[]): Promise<string[]> {
    return (await repo.selectByExternalIds(ctx.db, marketplaceId, externalIds)).map((r) => r.id);
  }

  return {
    toProduct,
    upsertOffers,
    findOfferIds,
    markExternalGone,
    findProduct,
    getProduct,
    createProduct,
    replaceProduct,
    updateProduct,
    removeProduct,
    listProducts,
    listProductsRendered,
    listAdminProducts,
    listOffers,
    importProducts,
    rebuildSearchWords,
    invalidateListings,
    countProducts,
  };
}
