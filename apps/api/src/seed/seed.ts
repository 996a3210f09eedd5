import type { Modules } from "../app.ts";
import type { ImportProductRow } from "../modules/catalog/index.ts";
import type { Ctx } from "../platform/ctx.ts";
import { DEMO_MARKETPLACES, LEAVES, type MarketplaceCode, PARENT_CATEGORIES } from "./demo-catalog.ts";
import { chunked, type DemoProduct, generateDemoProducts } from "./demo-data.ts";

export type SeedModules = Pick<Modules, "catalog" | "marketplaces" | "identity">;

export const DEMO_PRODUCT_COUNT = 300;

/** The demo sign-ins printed at start-up and documented in the README. */
export const DEMO_LOGINS = [
  {
    role: "customer",
    email: "demo@sokoni.test",
    password: "demo12345",
    username: "demo",
    phoneNumber: "0712345678",
    firstName: "Amina",
    lastName: "Wanjiru",
  },
  {
    role: "admin",
    email: "admin@sokoni.test",
    password: "admin12345",
    username: "admin",
    phoneNumber: "0722000111",
    firstName: "Sokoni",
    lastName: "Admin",
  },
] as const;

export type SeedOptions = {
  /** How many products to load; 300 by default. */
  products?: number;
  storeCurrency: string;
  onProgress?: (done: number, total: number) => void;
  /** PRNG seed; the same seed (and `now`) gives the same catalog. */
  seed?: number;
  /** Dates spread over the year before this instant; the start of today (UTC) by default. */
  now?: Date;
  /** Import batches in flight at once: 1 on PGlite (one connection), 3–4 on a PostgreSQL pool. */
  concurrency?: number;
  /** Rows per importProducts call. */
  batchSize?: number;
};

export type SeedSummary = {
  products: number;
  categories: number;
  marketplaces: number;
  users: number;
  durationMs: number;
};

/** True when the catalog holds no product at all (the only state seedDemo is meant for). */
export async function isCatalogEmpty(ctx: Ctx, modules: SeedModules): Promise<boolean> {
  return (await modules.catalog.countProducts(ctx)) === 0;
}

/**
 * Fills an empty catalog with the demo shop through the module APIs: marketplaces, the category
 * tree, demo users and `products` generated products. Safe to run again: marketplaces, categories
 * and users are upserted, and products are only loaded while the catalog is empty.
 */
export async function seedDemo(ctx: Ctx, modules: SeedModules, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const total = opts.products ?? DEMO_PRODUCT_COUNT;
  const { catalog, marketplaces, identity } = modules;

  await catalog.ensureDefaultFxRates(ctx);
  const house = await marketplaces.ensureHouseMarketplace(ctx, opts.storeCurrency);
  const marketplaceIds: Record<MarketplaceCode, string> = { sokoni: house.id, jumia: "", amazon: "", ebay: "" };
  for (const m of DEMO_MARKETPLACES) {
    const row = await marketplaces.upsertMarketplace(ctx, {
      code: m.code,
      name: m.name,
      kind: m.kind,
      description: m.description,
      websiteUrl: m.websiteUrl,
      rating: m.rating,
      currency: m.currency,
      shipsTo: m.shipsTo,
      timeBudgetMs: m.timeBudgetMs,
      rateLimitPerMin: m.rateLimitPerMin,
      active: true,
    });
    marketplaceIds[m.code] = row.id;
  }

  const categoryIds = new Map<string, string>();
  const ensureCategory = async (input: {
    slug: string;
    name: string;
    description: string;
    position: number;
    parentId?: string;
  }) => {
    const existing = await catalog.findCategoryBySlug(ctx, input.slug);
    const row = existing ?? (await catalog.createCategory(ctx, input));
    categoryIds.set(input.slug, row.id);
  };
  for (const [position, parent] of PARENT_CATEGORIES.entries()) {
    await ensureCategory({ ...parent, position });
  }
  for (const parent of PARENT_CATEGORIES) {
    const children = LEAVES.filter((leaf) => leaf.parent === parent.slug);
    for (const [position, leaf] of children.entries()) {
      await ensureCategory({
        slug: leaf.slug,
        name: leaf.name,
        description: `${leaf.name} from the house store, Jumia, Amazon and eBay.`,
        position,
        parentId: categoryIds.get(parent.slug),
      });
    }
  }

  // Hashing is deliberately slow (argon2id), so the two users are hashed side by side.
  await Promise.all(DEMO_LOGINS.map((login) => identity.ensureUser(ctx, login)));

  const toRow = (p: DemoProduct): ImportProductRow => ({
    marketplaceId: marketplaceIds[p.marketplace],
    categoryId: categoryIds.get(p.categorySlug) ?? null,
    name: p.name,
    description: p.description,
    priceMinor: p.priceMinor,
    currency: p.currency,
    stock: p.stock,
    imageUrl: p.imageUrl,
    images: p.images,
    externalId: p.externalId,
    productUrl: p.productUrl,
    available: p.available,
    rating: p.rating,
    ratingCount: p.ratingCount,
    createdAt: p.createdAt,
  });

  if (!(await isCatalogEmpty(ctx, modules))) {
    return { ...counts(0), durationMs: Math.round(performance.now() - started) };
  }

  // Batches are generated lazily and at most `concurrency` are in flight, so memory stays flat.
  const rows = generateDemoProducts(total, { seed: opts.seed, now: opts.now, houseCurrency: opts.storeCurrency });
  const batches = chunked(rows, opts.batchSize ?? 1000);
  let done = 0;
  let inserted = 0;
  opts.onProgress?.(0, total);
  const worker = async () => {
    for (;;) {
      const next = batches.next();
      if (next.done) return;
      const count = await catalog.importProducts(ctx, next.value.map(toRow));
      inserted += count;
      done += next.value.length;
      opts.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));

  return { ...counts(inserted), durationMs: Math.round(performance.now() - started) };

  function counts(products: number) {
    return {
      products,
      categories: categoryIds.size,
      marketplaces: DEMO_MARKETPLACES.length + 1,
      users: DEMO_LOGINS.length,
    };
  }
}
