import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../../../platform/db.ts";
import { closestSearchWords, PRODUCT_COLUMNS, type ProductRow } from "../catalog.repo.ts";
import type { ListingCache } from "./listing-cache.ts";

export type ProductSort = "relevance" | "price_asc" | "price_desc" | "newest" | "rating";

/** Filters already resolved to database terms (ids, store minor units). */
export type ProductSearch = {
  q?: string;
  /** A category and its sub-categories, resolved by the caller; an empty list matches nothing. */
  categoryIds?: string[];
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

const dialect = new PgDialect();

/** Up to this many categories in a sub-tree, a category page merges one index walk per category. */
const MERGE_MAX_CATEGORIES = 32;

/** The SQL text and parameters of a fragment: a cache key that is exactly what the database is asked. */
function keyOf(fragment: SQL): string {
  const q = dialect.sqlToQuery(fragment);
  return `${q.sql}\u0000${JSON.stringify(q.params)}`;
}

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

function filters(s: ProductSearch, withCategory = true): SQL[] {
  const where: SQL[] = [sql`p.status = 'active'`];
  if (s.hiddenMarketplaceIds.length > 0) {
    const hidden = s.hiddenMarketplaceIds.map((id) => sql`${id}::uuid`);
    where.push(sql`p.marketplace_id not in (${sql.join(hidden, sql`, `)})`);
  }
  // Ids, not a sub-query: the planner sees how many rows the categories hold.
  if (withCategory && s.categoryIds !== undefined)
    where.push(sql`p.category_id = any(${sql.param(s.categoryIds)}::uuid[])`);
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

/** The columns a browse order reads: what an index-only walk must return besides id. */
function sortKeys(sort: ProductSort): SQL {
  switch (sort) {
    case "price_asc":
    case "price_desc":
      return sql.raw("p.store_price_minor");
    case "rating":
      return sql.raw("p.rating, p.rating_count");
    default:
      return sql.raw("p.created_at");
  }
}

type Browse = { sort: ProductSort; categories?: { ids: string[]; where: SQL[] } };

/**
 * A browse page (no ranking): the page's ids come from the sort's index alone, then only those
 * rows are read. With `categories`, the (category_id, key, id) index is walked once per category.
 * The total is kept per filter (see ListingCache); a page that is not full tells it exactly.
 */
async function browsePage(
  db: Db,
  where: SQL[],
  order: SQL,
  s: ProductSearch,
  browse: Browse,
  cache: ListingCache | undefined,
): Promise<Omit<SearchResult, "mode">> {
  const cond = sql.join(where, sql` and `);
  const { sort, categories } = browse;
  // A deep page (offset 20,000) read whole rows for every skipped entry: 70 ms. Skipping over
  // an index-only walk and reading just the page's rows: 4 ms.
  // PostgreSQL 15 cannot merge the index ranges of `category_id = any(...)`: it either sorts
  // every row of the categories or walks the global index filtering by category (slow when the
  // category's rows sort late, e.g. cheap electronics: 25 ms). One ordered walk of the
  // (category_id, key, id) index per category instead, merged lazily by a Merge Append over
  // UNION ALL (electronics by rating, offset 1,980: 0.6 ms); for very large sub-trees, where the
  // statement would grow too long to plan, a lateral walk per category and a sort (6 ms there).
  let ids: SQL;
  if (!categories) {
    ids = sql`select p.id from catalog.products p where ${cond} order by ${order} limit ${s.limit} offset ${s.offset}`;
  } else if (categories.ids.length <= MERGE_MAX_CATEGORIES) {
    const catCond = sql.join(categories.where, sql` and `);
    const branches = categories.ids.map(
      (id) => sql`(select p.id, ${sortKeys(sort)} from catalog.products p
                   where p.category_id = ${id}::uuid and ${catCond}
                   order by ${order} limit ${s.offset + s.limit})`,
    );
    ids = sql`select p.id from (${sql.join(branches, sql` union all `)}) p
              order by ${order} limit ${s.limit} offset ${s.offset}`;
  } else {
    ids = sql`select p.id from unnest(${sql.param(categories.ids)}::uuid[]) k(category_id)
              cross join lateral (
                select p.id, ${sortKeys(sort)} from catalog.products p
                where p.category_id = k.category_id and ${sql.join(categories.where, sql` and `)}
                order by ${order} limit ${s.offset + s.limit}
              ) p
              order by ${order} limit ${s.limit} offset ${s.offset}`;
  }
  const rows = await queryRows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLUMNS} from (${ids}) k join catalog.products p on p.id = k.id
        left join catalog.categories c on c.id = p.category_id order by ${order}`,
  );
  if (rows.length < s.limit && (rows.length > 0 || s.offset === 0)) return { rows, total: s.offset + rows.length };
  return { rows, total: consistentTotal(rows.length, await keptCount(db, cond, cache), s) };
}

/**
 * A search page: ONE scan of the matches orders and counts them (`count(*) over ()`), then only
 * the page's rows are read whole (5.7 ms for "4k smart" where the page and a separate count took
 * 5.5 + 3.0 ms). Ordered by a column (price, date, rating), the matches are first gathered with
 * their sort key (`materialized`): otherwise the planner may walk that column's index filtering
 * by the text match, which costs a walk of most of the index when the matches sort late
 * ("soundbar blue" by price: 70,000 rows read, 95 ms; gathered: 5 ms).
 */
async function searchPage(
  db: Db,
  where: SQL[],
  order: SQL,
  s: ProductSearch,
  sort: ProductSort,
  cache: ListingCache | undefined,
): Promise<Omit<SearchResult, "mode">> {
  const cond = sql.join(where, sql` and `);
  const ids =
    sort === "relevance"
      ? sql`select p.id, count(*) over () as total_count from catalog.products p where ${cond}
            order by ${order} limit ${s.limit} offset ${s.offset}`
      : sql`with m as materialized (select p.id, ${sortKeys(sort)} from catalog.products p where ${cond})
            select p.id, count(*) over () as total_count from m p
            order by ${order} limit ${s.limit} offset ${s.offset}`;
  const rows = await queryRows<ProductRow & { total_count?: number | string }>(
    db,
    sql`select ${PRODUCT_COLUMNS}, k.total_count from (${ids}) k
        join catalog.products p on p.id = k.id
        left join catalog.categories c on c.id = p.category_id
        order by ${order}`,
  );
  const counted = rows[0]?.total_count;
  for (const r of rows) delete r.total_count;
  if (counted !== undefined) return { rows, total: Number(counted) };
  // Past the end no row carries the count.
  return { rows, total: s.offset === 0 ? 0 : await keptCount(db, cond, cache) };
}

/** Exact count of the rows matching `cond`, kept per filter for a few seconds with a cache. */
function keptCount(db: Db, cond: SQL, cache: ListingCache | undefined): Promise<number> {
  const exact = async () => {
    const rows = await queryRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from catalog.products p where ${cond}`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  // An exact count reads every matching row (30-100 ms for 100,000 products), the page itself
  // only a few index entries.
  return cache ? cache.totals.get(keyOf(cond), exact) : exact();
}

/** A kept total may lag behind writes; never report fewer rows than the page itself shows. */
function consistentTotal(found: number, total: number, s: ProductSearch): number {
  if (found === 0) return total;
  if (found < s.limit) return s.offset + found;
  return Math.max(total, s.offset + found);
}

/**
 * Lists active products: full-text search over the weighted search_vector (name A > description B),
 * websearch syntax and prefix matching. When that finds nothing, typos are forgiven with pg_trgm:
 * first each word is corrected against the dictionary of name words (`%`, GIN) and the full-text
 * search re-run; if that still finds nothing, names are compared to the query (`<%`, GIN).
 *
 * With a cache, totals are kept per filter and whole ranked search pages per input for
 * LISTING_CACHE_TTL_MS (the catalog clears it on its own writes), and typo corrections per word.
 */
export async function searchProducts(db: Db, s: ProductSearch, cache?: ListingCache): Promise<SearchResult> {
  const q = s.q?.trim();
  if (!q) {
    const sort = s.sort ?? "newest";
    // Every browse order has a (key, id) and a (category_id, key, id) index; relevance without q is newest.
    const categories = s.categoryIds?.length ? { ids: s.categoryIds, where: filters(s, false) } : undefined;
    const result = await browsePage(db, filters(s), orderBy(sort, undefined), s, { sort, categories }, cache);
    return { ...result, mode: "browse" };
  }
  if (!cache) return search(db, s, q, undefined);
  return cache.searchPages.get(JSON.stringify(s), () => search(db, s, q, cache));
}

async function search(db: Db, s: ProductSearch, q: string, cache: ListingCache | undefined): Promise<SearchResult> {
  const base = filters(s);
  const sort = s.sort ?? "relevance";
  const fullText = (parsed: Parsed) => {
    const tsq = tsQuery(parsed);
    const where = [...base, sql`p.search_vector @@ ${tsq}`];
    return searchPage(db, where, orderBy(sort, sql`ts_rank(p.search_vector, ${tsq})`), s, sort, cache);
  };
  const parsed = parseQuery(q);
  const fts = await fullText(parsed);
  if (fts.total > 0 || parsed.fuzzyText.length < 3) return { ...fts, mode: "fulltext" };

  const words = parsed.fuzzyText.toLowerCase().split(" ").slice(0, MAX_CORRECTED_WORDS);
  const corrected = await correct(db, words, cache);
  if (corrected.join(" ") !== words.join(" ")) {
    const fixed = await fullText(parseQuery(corrected.join(" ")));
    if (fixed.total > 0) return { ...fixed, mode: "fuzzy" };
  }
  // The trigram operators read their threshold from a GUC. Setting it in an uncorrelated
  // sub-query (run once, before the index scan that needs its value) scopes it to this
  // statement's implicit transaction: one round trip, nothing leaks into the pooled connection.
  const text = sql`(select case when set_config('pg_trgm.word_similarity_threshold', ${NAME_THRESHOLD}, true) is null
    then null else ${parsed.fuzzyText}::text end)`;
  const byName = await searchPage(
    db,
    [...base, sql`${text} <% p.name`],
    orderBy(sort, sql`word_similarity(${parsed.fuzzyText}, p.name)`),
    s,
    sort,
    cache,
  );
  return { ...byName, mode: "fuzzy" };
}

/** Each word replaced by its closest dictionary word (itself when none is close): one query for the words not cached. */
async function correct(db: Db, words: string[], cache: ListingCache | undefined): Promise<string[]> {
  if (!cache) {
    const found = await closestSearchWords(db, words, WORD_THRESHOLD);
    return words.map((w, i) => found[i] ?? w);
  }
  const unique = words.filter((w, i) => words.indexOf(w) === i);
  // The first word not in the cache looks all of them up in one statement.
  let batch: Promise<(string | undefined)[]> | undefined;
  const lookup = () => {
    batch ??= closestSearchWords(db, unique, WORD_THRESHOLD);
    return batch;
  };
  const fixed = await Promise.all(
    words.map((w) => cache.corrections.get(w, async () => (await lookup())[unique.indexOf(w)] ?? null)),
  );
  return words.map((w, i) => fixed[i] ?? w);
}

export type GroupSort = "relevance" | "price_asc" | "price_desc" | "rating" | "delivery";

/** An aggregated search: the filters of a listing, plus the offers just fetched from marketplaces. */
export type GroupSearch = Omit<ProductSearch, "sort" | "limit" | "offset" | "q"> & {
  q: string;
  /** Products just upserted from the marketplaces' answers: in the results even when the words differ (a store's own spelling correction). */
  freshIds: string[];
  /** Days to the door by marketplace, for the delivery sort (the fastest offer of a group counts). */
  deliveryDays: { marketplaceId: string; days: number }[];
  sort: GroupSort;
  limit: number;
  offset: number;
};

export type GroupRow = { grp: string; total: number };

/**
 * One page of items, an item being the offers that share a relation token (a product without one
 * is an item alone), ranked by their best offer: relevance, lowest price, best rating or fastest
 * delivery. Answers the group keys of the page and how many items match in all.
 */
export async function searchGroups(db: Db, s: GroupSearch): Promise<{ groups: string[]; total: number }> {
  const parsed = parseQuery(s.q);
  const tsq = tsQuery(parsed);
  const fresh = s.freshIds.length > 0 ? sql` or p.id = any(${sql.param(s.freshIds)}::uuid[])` : sql``;
  const where = [...filters({ ...s, sort: "relevance", limit: 0, offset: 0 }), sql`(p.search_vector @@ q.tsq${fresh})`];
  const days =
    s.deliveryDays.length > 0
      ? sql`(values ${sql.join(
          s.deliveryDays.map((d) => sql`(${d.marketplaceId}::uuid, ${d.days}::int)`),
          sql`, `,
        )}) as d(marketplace_id, days)`
      : sql`(select null::uuid as marketplace_id, null::int as days) as d`;
  const order = (() => {
    switch (s.sort) {
      case "price_asc":
        return sql`min_price asc, grp`;
      case "price_desc":
        return sql`min_price desc, grp`;
      case "rating":
        return sql`best_rating desc nulls last, grp`;
      case "delivery":
        return sql`fastest asc nulls last, rank desc, grp`;
      default:
        return sql`rank desc, grp`;
    }
  })();
  const rows = await queryRows<GroupRow>(
    db,
    sql`with q as (select ${tsq} as tsq),
        matched as (
          select coalesce(p.relation_token, p.id::text) as grp, p.store_price_minor, p.rating,
                 ts_rank(p.search_vector, q.tsq) as rank, d.days
          from catalog.products p cross join q
          left join ${days} on d.marketplace_id = p.marketplace_id
          where ${sql.join(where, sql` and `)}
        ),
        groups as (
          select grp, max(rank) as rank, min(store_price_minor) as min_price, max(rating) as best_rating,
                 min(days) as fastest
          from matched group by grp
        )
        select grp, count(*) over ()::int as total from groups
        order by ${order} limit ${s.limit} offset ${s.offset}`,
  );
  if (rows.length === 0 && s.offset > 0) {
    // Past the end: the total still tells the shopper how many there are.
    const [count] = await queryRows<{ total: number }>(
      db,
      sql`with q as (select ${tsq} as tsq)
          select count(distinct coalesce(p.relation_token, p.id::text))::int as total
          from catalog.products p cross join q where ${sql.join(where, sql` and `)}`,
    );
    return { groups: [], total: count?.total ?? 0 };
  }
  return { groups: rows.map((r) => r.grp), total: rows[0]?.total ?? 0 };
}
