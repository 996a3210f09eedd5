import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows, withTx } from "../../../platform/db.ts";
import { PRODUCT_COLUMNS, PRODUCT_FROM, type ProductRow } from "../catalog.repo.ts";

export type ProductSort = "relevance" | "price_asc" | "price_desc" | "newest" | "rating";

/** Filters already resolved to database terms (ids, store minor units). */
export type ProductSearch = {
  q?: string;
  categorySlug?: string;
  minStoreMinor?: number;
  maxStoreMinor?: number;
  inStock?: boolean;
  marketplaceId?: string;
  /** Marketplaces of kind `house`: their products need stock > 0 to be in stock. */
  houseMarketplaceIds: string[];
  sort?: ProductSort;
  limit: number;
  offset: number;
};

export type SearchResult = { rows: ProductRow[]; total: number; mode: "browse" | "fulltext" | "fuzzy" };

/** word_similarity needed for a typo match ("iphnoe" vs "iPhone" scores 0.43). */
const FUZZY_THRESHOLD = "0.35";

type Parsed = { q: string; prefixWord?: string; head: string; fuzzyText: string };

/**
 * Splits a query typed in the search box: the last word, when it is still being typed (a plain
 * word, not after OR, not inside quotes, no trailing space), also matches as a prefix; the
 * positive words (no -exclusions, quotes or OR) are what a typo fallback compares to names.
 */
export function parseQuery(q: string): Parsed {
  const trimmed = q.trim();
  const m = /(^|\s)([\p{L}\p{N}]+)$/u.exec(trimmed);
  const quotes = (trimmed.match(/"/g) ?? []).length;
  let prefixWord: string | undefined;
  let head = trimmed;
  if (m?.[2] && !/\s$/.test(q) && quotes % 2 === 0) {
    head = trimmed.slice(0, m.index).trim();
    const before = head.split(/\s+/).pop()?.toLowerCase();
    if (before !== "or" && m[2].toLowerCase() !== "or") prefixWord = m[2].toLowerCase();
    else head = trimmed;
  }
  const fuzzyText = trimmed
    .replace(/(^|\s)-\S+/g, " ")
    .replace(/["()]/g, " ")
    .split(/\s+/)
    .filter((w) => w && w.toLowerCase() !== "or")
    .join(" ");
  return { q: trimmed, prefixWord, head, fuzzyText };
}

/** The tsquery: websearch_to_tsquery(q), OR'ed with "everything before the last word AND last word:*". */
function tsQuery(p: Parsed): SQL {
  const full = sql`websearch_to_tsquery('english', ${p.q})`;
  if (!p.prefixWord) return full;
  const word = `${p.prefixWord}:*`;
  // english stems the prefix ("batter" still prefixes "batteri"); simple keeps it verbatim.
  const prefix = sql`(to_tsquery('english', ${word}) || to_tsquery('simple', ${word}))`;
  const withHead = p.head ? sql`(websearch_to_tsquery('english', ${p.head}) && ${prefix})` : prefix;
  return sql`(${full} || ${withHead})`;
}

function filters(s: ProductSearch): SQL[] {
  const where: SQL[] = [sql`p.status = 'active'`];
  if (s.categorySlug !== undefined) {
    where.push(sql`p.category_id in (
      with recursive sub(id) as (
        select id from catalog.categories where slug = ${s.categorySlug}
        union all
        select c.id from catalog.categories c join sub on c.parent_id = sub.id
      ) select id from sub)`);
  }
  if (s.minStoreMinor !== undefined) where.push(sql`p.store_price_minor >= ${s.minStoreMinor}`);
  if (s.maxStoreMinor !== undefined) where.push(sql`p.store_price_minor <= ${s.maxStoreMinor}`);
  if (s.marketplaceId !== undefined) where.push(sql`p.marketplace_id = ${s.marketplaceId}`);
  if (s.inStock !== undefined) {
    const house = s.houseMarketplaceIds.map((id) => sql`${id}::uuid`);
    const inStock =
      house.length > 0
        ? sql`(p.available and (p.stock > 0 or p.marketplace_id not in (${sql.join(house, sql`, `)})))`
        : sql`p.available`;
    where.push(s.inStock ? inStock : sql`not ${inStock}`);
  }
  return where;
}

// Every order ends in p.id so pages never overlap or skip rows that tie on the sort key; the
// partial indexes on (key, id) where status = 'active' serve these orders directly.
function orderBy(sort: ProductSort, relevance: SQL | undefined): SQL {
  switch (sort) {
    case "relevance":
      return relevance ? sql`${relevance} desc, p.id` : sql`p.created_at desc, p.id desc`;
    case "price_asc":
      return sql`p.store_price_minor asc, p.id asc`;
    case "price_desc":
      return sql`p.store_price_minor desc, p.id desc`;
    case "rating":
      return sql`p.rating desc nulls last, p.rating_count desc nulls last, p.id asc`;
    default:
      return sql`p.created_at desc, p.id desc`;
  }
}

async function page(db: Db, where: SQL[], order: SQL, s: ProductSearch): Promise<Omit<SearchResult, "mode">> {
  const cond = sql.join(where, sql` and `);
  const [rows, counted] = await Promise.all([
    queryRows<ProductRow>(
      db,
      sql`select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where ${cond} order by ${order} limit ${s.limit} offset ${s.offset}`,
    ),
    queryRows<{ n: number | string }>(db, sql`select count(*) as n from catalog.products p where ${cond}`),
  ]);
  return { rows, total: Number(counted[0]?.n ?? 0) };
}

/**
 * Lists active products: full-text search over the weighted search_vector (name A > description B),
 * websearch syntax and prefix matching; when that finds nothing, a trigram fallback on names
 * (word_similarity through the GIN trigram index) forgives typos.
 */
export async function searchProducts(db: Db, s: ProductSearch): Promise<SearchResult> {
  const base = filters(s);
  const q = s.q?.trim();
  if (!q) return { ...(await page(db, base, orderBy(s.sort ?? "newest", undefined), s)), mode: "browse" };

  const parsed = parseQuery(q);
  const tsq = tsQuery(parsed);
  const sort = s.sort ?? "relevance";
  const fts = await page(
    db,
    [...base, sql`p.search_vector @@ ${tsq}`],
    orderBy(sort, sql`ts_rank(p.search_vector, ${tsq})`),
    s,
  );
  if (fts.total > 0 || parsed.fuzzyText.length < 3) return { ...fts, mode: "fulltext" };

  // The `<%` operator uses the index only with its threshold in a GUC; SET LOCAL keeps it to this
  // transaction (a pooled connection never leaks it), and the whole page reads one snapshot.
  return withTx({ db }, async ({ db: tx }) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${FUZZY_THRESHOLD}, true)`);
    const text = parsed.fuzzyText;
    const fuzzy = await page(
      tx,
      [...base, sql`${text} <% p.name`],
      orderBy(sort, sql`word_similarity(${text}, p.name)`),
      s,
    );
    return { ...fuzzy, mode: "fuzzy" as const };
  });
}
