import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows, withTx } from "../../../platform/db.ts";
import { closestSearchWord, PRODUCT_COLUMNS, PRODUCT_FROM, type ProductRow } from "../catalog.repo.ts";

export type ProductSort = "relevance" | "price_asc" | "price_desc" | "newest" | "rating";

/** Filters already resolved to database terms (ids, store minor units). */
export type ProductSearch = {
  q?: string;
  categorySlug?: string;
  minStoreMinor?: number;
  maxStoreMinor?: number;
  inStock?: boolean;
  marketplaceId?: string;
  minRating?: number;
  /** Deactivated marketplaces: their products are left out of listings. */
  hiddenMarketplaceIds: string[];
  /** Marketplaces of kind `house`: their products need stock > 0 to be in stock. */
  houseMarketplaceIds: string[];
  sort?: ProductSort;
  limit: number;
  offset: number;
};

export type SearchResult = { rows: ProductRow[]; total: number; mode: "browse" | "fulltext" | "fuzzy" };

/** similarity of a query word to a dictionary word ("iphnoe" vs "iphone" scores 0.27). */
const WORD_THRESHOLD = "0.25";
/** word_similarity of the query to a whole name, the last resort ("iphnoe" vs "iPhone 15" scores 0.43). */
const NAME_THRESHOLD = "0.35";
const MAX_CORRECTED_WORDS = 6;

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
  if (s.hiddenMarketplaceIds.length > 0) {
    const hidden = s.hiddenMarketplaceIds.map((id) => sql`${id}::uuid`);
    where.push(sql`p.marketplace_id not in (${sql.join(hidden, sql`, `)})`);
  }
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
  if (s.minRating !== undefined) where.push(sql`p.rating >= ${String(s.minRating)}::numeric`);
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

async function page(
  db: Db,
  where: SQL[],
  order: SQL,
  s: ProductSearch,
  parallel: boolean,
): Promise<Omit<SearchResult, "mode">> {
  const cond = sql.join(where, sql` and `);
  const items = () =>
    queryRows<ProductRow>(
      db,
      sql`select ${PRODUCT_COLUMNS} from ${PRODUCT_FROM} where ${cond} order by ${order} limit ${s.limit} offset ${s.offset}`,
    );
  const count = async () => {
    const rows = await queryRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from catalog.products p where ${cond}`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  // A ranked search costs about as much per query as its count, so on a pool both run at once.
  if (parallel) {
    const [rows, total] = await Promise.all([items(), count()]);
    return { rows, total };
  }
  // An index-ordered page is cheap; a page that is not full already tells the total.
  const rows = await items();
  if (rows.length < s.limit && (rows.length > 0 || s.offset === 0)) return { rows, total: s.offset + rows.length };
  return { rows, total: await count() };
}

/**
 * Lists active products: full-text search over the weighted search_vector (name A > description B),
 * websearch syntax and prefix matching. When that finds nothing, typos are forgiven with pg_trgm:
 * first each word is corrected against the dictionary of name words (`%`, GIN) and the full-text
 * search re-run; if that still finds nothing, names are compared to the query (`<%`, GIN).
 */
export async function searchProducts(db: Db, s: ProductSearch): Promise<SearchResult> {
  const base = filters(s);
  const q = s.q?.trim();
  if (!q) return { ...(await page(db, base, orderBy(s.sort ?? "newest", undefined), s, false)), mode: "browse" };

  const sort = s.sort ?? "relevance";
  const fullText = (tx: Db, parsed: Parsed, parallel: boolean) => {
    const tsq = tsQuery(parsed);
    return page(
      tx,
      [...base, sql`p.search_vector @@ ${tsq}`],
      orderBy(sort, sql`ts_rank(p.search_vector, ${tsq})`),
      s,
      parallel,
    );
  };
  const parsed = parseQuery(q);
  const fts = await fullText(db, parsed, true);
  if (fts.total > 0 || parsed.fuzzyText.length < 3) return { ...fts, mode: "fulltext" };

  // The trigram operators read their thresholds from GUCs; SET LOCAL keeps them to this
  // transaction (a pooled connection never leaks them), and the whole page reads one snapshot.
  return withTx({ db }, async ({ db: tx }) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${WORD_THRESHOLD}, true),
      set_config('pg_trgm.word_similarity_threshold', ${NAME_THRESHOLD}, true)`);
    const words = parsed.fuzzyText.toLowerCase().split(" ").slice(0, MAX_CORRECTED_WORDS);
    const corrected: string[] = [];
    for (const w of words) corrected.push((await closestSearchWord(tx, w)) ?? w);
    if (corrected.join(" ") !== words.join(" ")) {
      const fixed = await fullText(tx, parseQuery(corrected.join(" ")), false);
      if (fixed.total > 0) return { ...fixed, mode: "fuzzy" as const };
    }
    const text = parsed.fuzzyText;
    const byName = await page(
      tx,
      [...base, sql`${text} <% p.name`],
      orderBy(sort, sql`word_similarity(${text}, p.name)`),
      s,
      false,
    );
    return { ...byName, mode: "fuzzy" as const };
  });
}
