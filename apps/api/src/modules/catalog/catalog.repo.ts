import { asc, eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db.ts";
import { categories, fxRates, products } from "./catalog.tables.ts";

// ---------------------------------------------------------------- categories

export type CategoryRow = typeof categories.$inferSelect;

export async function selectCategories(db: Db): Promise<CategoryRow[]> {
  return db.select().from(categories).orderBy(asc(categories.position), asc(categories.name), asc(categories.id));
}

export async function selectCategoryBy(
  db: Db,
  by: { id: string } | { slug: string },
): Promise<CategoryRow | undefined> {
  const where = "id" in by ? eq(categories.id, by.id) : eq(categories.slug, by.slug);
  const [row] = await db.select().from(categories).where(where);
  return row;
}

export async function insertCategory(db: Db, row: typeof categories.$inferInsert): Promise<CategoryRow> {
  const [inserted] = await db.insert(categories).values(row).returning();
  if (!inserted) throw new Error("insert returned no row");
  return inserted;
}

export async function updateCategory(
  db: Db,
  id: string,
  patch: Partial<typeof categories.$inferInsert>,
): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(categories)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(categories.id, id))
    .returning();
  return row;
}

export async function deleteCategory(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id });
  return rows.length > 0;
}

export async function hasChildren(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, id)).limit(1);
  return rows.length > 0;
}

/** Whether `ancestorId` is `id` itself or one of its ancestors (walks up the parent chain). */
export async function isSelfOrAncestor(db: Db, ancestorId: string, id: string): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`with recursive up(id, parent_id) as (
          select id, parent_id from catalog.categories where id = ${id}
          union
          select c.id, c.parent_id from catalog.categories c join up on c.id = up.parent_id
        )
        select exists(select 1 from up where id = ${ancestorId}) as found`,
  );
  return rows[0]?.found === true;
}

// ---------------------------------------------------------------- fx rates

export type FxRateRow = typeof fxRates.$inferSelect;

export async function selectRates(db: Db): Promise<FxRateRow[]> {
  return db.select().from(fxRates).orderBy(fxRates.currency);
}

export async function selectRate(db: Db, currency: string): Promise<string | undefined> {
  const [row] = await db.select({ rate: fxRates.rate }).from(fxRates).where(eq(fxRates.currency, currency));
  return row?.rate;
}

export async function upsertRate(db: Db, currency: string, rate: string): Promise<void> {
  await db
    .insert(fxRates)
    .values({ currency, rate })
    .onConflictDoUpdate({ target: fxRates.currency, set: { rate, updatedAt: sql`now()` } });
}

/**
 * SQL twin of convertMinor(): minor units of a currency with `shift` = digits(store) − digits(from)
 * into store minor units. numeric round() rounds half away from zero, i.e. half up for prices ≥ 0.
 */
export function storeMinorSql(
  priceMinor: ReturnType<typeof sql>,
  rate: ReturnType<typeof sql>,
  shift: ReturnType<typeof sql>,
) {
  return sql`round(${priceMinor}::numeric * ${rate} * power(10::numeric, ${shift}))::bigint`;
}

/** Recomputes store_price_minor of every product priced in `currency` (one UPDATE). */
export async function recomputeStorePrices(db: Db, currency: string, shift: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with changed as (
          update catalog.products p
             set store_price_minor = ${storeMinorSql(sql`p.price_minor`, sql`r.rate`, sql`${shift}::int`)},
                 updated_at = now()
            from catalog.fx_rates r
           where r.currency = ${currency} and p.currency = ${currency}
          returning 1
        )
        select count(*)::int as n from changed`,
  );
  return Number(rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------- products

/** A product row as every product query selects it (category joined, snake_case). */
export type ProductRow = {
  id: string;
  marketplace_id: string;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  name: string;
  description: string;
  price_minor: number | string;
  currency: string;
  store_price_minor: number | string;
  stock: number;
  image_url: string | null;
  images: string[];
  external_id: string | null;
  product_url: string | null;
  available: boolean;
  rating: string | null;
  rating_count: number;
  gtin: string | null;
  brand: string | null;
  relation_token: string | null;
  status: "active" | "archived";
  archived_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

export const PRODUCT_COLUMNS = sql.raw(`p.id, p.marketplace_id, p.category_id, c.slug as category_slug,
  c.name as category_name, p.name, p.description, p.price_minor, p.currency, p.store_price_minor, p.stock,
  p.image_url, p.images, p.external_id, p.product_url, p.available, p.rating, p.rating_count, p.gtin, p.brand,
  p.relation_token, p.status, p.archived_at,
  p.created_at, p.updated_at`);

export const PRODUCT_FROM = sql.raw("catalog.products p left join catalog.categories c on c.id = p.category_id");

export async function selectProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const rows = await queryRows<ProductRow>(db, sql`select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where p.id = ${id}`);
  return rows[0];
}

export type AdminProductFilter = { q?: string; status: "active" | "archived" | "all"; limit: number; offset: number };

/**
 * Every product whatever its status or marketplace, newest first, with the total: `q` matches a
 * part of the name (trigram index) or the words of name and description (the search index).
 */
export async function selectAdminProducts(
  db: Db,
  f: AdminProductFilter,
): Promise<{ rows: ProductRow[]; total: number }> {
  const conditions = [];
  if (f.status !== "all") conditions.push(sql`p.status = ${f.status}`);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(p.name ilike ${pattern} or p.search_vector @@ websearch_to_tsquery('english', ${f.q}))`);
  }
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = await queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} ${where}
        order by p.created_at desc, p.id desc limit ${f.limit} offset ${f.offset}`,
  );
  const counted = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from catalog.products p ${where}`,
  );
  return { rows, total: Number(counted[0]?.n ?? 0) };
}

/** Active products sharing a relation token, the cheapest first (then best rated, then id). */
export async function selectOffers(db: Db, relationToken: string, limit: number): Promise<ProductRow[]> {
  return queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM}
        where p.relation_token = ${relationToken} and p.status = 'active'
        order by p.store_price_minor, p.rating desc nulls last, p.id limit ${limit}`,
  );
}

/**
 * The active offers of several items at once (an item: a relation token, or the id of a product
 * without one), cheapest first within each, at most `perItem` each, hidden marketplaces left out.
 */
export async function selectItemOffers(
  db: Db,
  items: string[],
  hiddenMarketplaceIds: string[],
  perItem: number,
): Promise<(ProductRow & { grp: string })[]> {
  if (items.length === 0) return [];
  return queryRows<ProductRow & { grp: string }>(
    db,
    sql`select * from (
          select ${PRODUCT_COLUMNS}, coalesce(p.relation_token, p.id::text) as grp,
                 row_number() over (partition by coalesce(p.relation_token, p.id::text)
                                    order by p.store_price_minor, p.rating desc nulls last, p.id) as n
          from ${PRODUCT_FROM}
          where (p.relation_token = any(${sql.param(items)}::text[]) or p.id::text = any(${sql.param(items)}::text[]))
            and p.status = 'active'
            and not (p.marketplace_id = any(${sql.param(hiddenMarketplaceIds)}::uuid[]))
        ) o where o.n <= ${perItem}
        order by o.grp, o.n`,
  );
}

/** Products of one marketplace by their external ids (what an upsert of its offers finds already there). */
export async function selectByExternalIds(
  db: Db,
  marketplaceId: string,
  externalIds: string[],
): Promise<{ id: string; external_id: string; relation_token: string | null }[]> {
  if (externalIds.length === 0) return [];
  return queryRows(
    db,
    sql`select p.id, p.external_id, p.relation_token from catalog.products p
        where p.marketplace_id = ${marketplaceId} and p.external_id = any(${sql.param(externalIds)}::text[])`,
  );
}

/** Whether an active product carries this relation token. */
export async function hasRelationToken(db: Db, relationToken: string): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`select exists(select 1 from catalog.products p where p.relation_token = ${relationToken} and p.status = 'active') as found`,
  );
  return rows[0]?.found === true;
}

/** What matching needs of a stored offer. */
export type MatchCandidateRow = {
  id: string;
  name: string;
  brand: string | null;
  gtin: string | null;
  relation_token: string;
};

/**
 * Offers an offer may join (ADR 008): active products whose brand is one of `brands` (compared
 * lowercase) and that have a relation token, newest first, at most `limit`; `excludeId` is the
 * product being written.
 */
export async function selectMatchCandidates(
  db: Db,
  brands: string[],
  excludeId: string,
  limit: number,
): Promise<MatchCandidateRow[]> {
  return queryRows<MatchCandidateRow>(
    db,
    sql`select p.id, p.name, p.brand, p.gtin, p.relation_token from catalog.products p
        where lower(p.brand) = any(${sql.param(brands.map((b) => b.toLowerCase()))}::text[]) and p.id <> ${excludeId}
          and p.status = 'active' and p.relation_token is not null
        order by p.created_at desc, p.id desc limit ${limit}`,
  );
}

export type ProductWrite = Omit<typeof products.$inferInsert, "id" | "createdAt" | "updatedAt" | "searchVector">;

export async function insertProduct(db: Db, id: string, row: ProductWrite): Promise<void> {
  await db.insert(products).values({ id, ...row });
}

/**
 * Inserts a marketplace's offer unless that (marketplace, external id) is already there; false
 * then (two searches may bring the same new offer at once: the unique index decides, no error).
 */
export async function insertExternalProduct(db: Db, id: string, row: ProductWrite): Promise<boolean> {
  const rows = await db
    .insert(products)
    .values({ id, ...row })
    .onConflictDoNothing({
      target: [products.marketplaceId, products.externalId],
      where: sql`${products.externalId} is not null`,
    })
    .returning({ id: products.id });
  return rows.length > 0;
}

export async function updateProduct(db: Db, id: string, row: Partial<ProductWrite>): Promise<boolean> {
  const rows = await db
    .update(products)
    .set({ ...row, updatedAt: sql`now()` })
    .where(eq(products.id, id))
    .returning({ id: products.id });
  return rows.length > 0;
}

export async function deleteProduct(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(products).where(eq(products.id, id)).returning({ id: products.id });
  return rows.length > 0;
}

export async function archiveProduct(db: Db, id: string): Promise<void> {
  await db
    .update(products)
    .set({ status: "archived", archivedAt: sql`coalesce(${products.archivedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(products.id, id));
}

export async function countProducts(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from catalog.products`);
  return Number(rows[0]?.n ?? 0);
}

/** One import row as the bulk insert reads it from JSON. */
export type ImportJsonRow = {
  id: string;
  marketplace_id: string;
  category_id: string | null;
  name: string;
  description: string;
  price_minor: number;
  currency: string;
  shift: number;
  stock: number;
  image_url: string | null;
  images: string[];
  external_id: string | null;
  product_url: string | null;
  available: boolean;
  rating: string | null;
  rating_count: number;
  gtin: string | null;
  brand: string | null;
  relation_token: string | null;
  created_at: string | null;
};

/**
 * Inserts a chunk of products with ONE statement: the rows travel as a single JSON parameter
 * (no 65535-parameter limit, same on both drivers), and store prices are computed from fx_rates.
 * Rows whose (marketplace_id, external_id) already exists (or came earlier in the batch) are skipped. Returns rows inserted.
 */
export async function bulkInsertProducts(db: Db, rows: ImportJsonRow[]): Promise<number> {
  const result = await queryRows<{ n: number }>(
    db,
    sql`with src as (
          select * from json_to_recordset(${JSON.stringify(rows.map((r, ord) => ({ ...r, ord })))}::json) as x(
            id uuid, marketplace_id uuid, category_id uuid, name text, description text, price_minor bigint,
            currency char(3), shift int, stock int, image_url text, images text[], external_id text, product_url text,
            available boolean, rating numeric, rating_count int, gtin text, brand text, relation_token text,
            created_at timestamptz, ord int)
        ), ins as (
          insert into catalog.products (id, marketplace_id, category_id, name, description, price_minor, currency,
            store_price_minor, stock, image_url, images, external_id, product_url, available, rating, rating_count,
            gtin, brand, relation_token, created_at, updated_at)
          select src.id, src.marketplace_id, src.category_id, src.name, src.description, src.price_minor, src.currency,
            ${storeMinorSql(sql`src.price_minor`, sql`r.rate`, sql`src.shift`)}, src.stock, src.image_url,
            coalesce(src.images, '{}'),
            src.external_id, src.product_url, src.available, src.rating, src.rating_count,
            src.gtin, src.brand, src.relation_token, coalesce(src.created_at, now()), coalesce(src.created_at, now())
          from src join catalog.fx_rates r on r.currency = src.currency
          order by src.ord -- within a batch, the first of two rows with one external_id wins
          on conflict (marketplace_id, external_id) where external_id is not null do nothing
          returning name
        ), words as (
          insert into catalog.search_words (word)
          select distinct u.lexeme from ins, unnest(to_tsvector('simple', ins.name)) u
          where ${WORD_FILTER}
          on conflict do nothing
        )
        select count(*)::int as n from ins`,
  );
  return Number(result[0]?.n ?? 0);
}

// ---------------------------------------------------------------- search words

// Words worth correcting to: three letters or more, not bare numbers (model numbers stay exact).
const WORD_FILTER = sql.raw("length(u.lexeme) >= 3 and u.lexeme !~ '^[0-9]+$'");

/** Adds the words of these product names to the typo dictionary. */
export async function addSearchWords(db: Db, names: string[]): Promise<void> {
  await db.execute(sql`
    insert into catalog.search_words (word)
    select distinct u.lexeme
    from json_array_elements_text(${JSON.stringify(names)}::json) n(name), unnest(to_tsvector('simple', n.name)) u
    where ${WORD_FILTER}
    on conflict do nothing`);
}

/** Rebuilds the typo dictionary from the names of all active products. */
export async function rebuildSearchWords(db: Db): Promise<void> {
  await db.execute(sql`delete from catalog.search_words`);
  await db.execute(sql`
    insert into catalog.search_words (word)
    select distinct u.lexeme from catalog.products p, unnest(to_tsvector('simple', p.name)) u
    where p.status = 'active' and ${WORD_FILTER}
    on conflict do nothing`);
}

/**
 * For each word, the dictionary word most similar to it (pg_trgm `%` at `threshold`), or undefined
 * when none is similar enough; one statement for all words. The threshold is a GUC: set_config
 * inside the row source runs before each look-up that reads it, and is_local keeps it to this
 * statement's transaction (or the caller's open one).
 */
export async function closestSearchWords(db: Db, words: string[], threshold: string): Promise<(string | undefined)[]> {
  if (words.length === 0) return [];
  const rows = await queryRows<{ ord: number | string; word: string | null }>(
    db,
    sql`select u.ord, (select s.word from catalog.search_words s where s.word % u.w
                       order by similarity(s.word, u.w) desc, s.word limit 1) as word
        from (select case when set_config('pg_trgm.similarity_threshold', ${threshold}, true) is null
                     then null else x.w end as w, x.ord
              from unnest(${sql.param(words)}::text[]) with ordinality x(w, ord)) u`,
  );
  const out: (string | undefined)[] = words.map(() => undefined);
  for (const r of rows) out[Number(r.ord) - 1] = r.word ?? undefined;
  return out;
}
