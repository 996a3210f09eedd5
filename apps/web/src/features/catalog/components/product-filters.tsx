import { PRODUCT_SORTS, type ProductSort, SEARCH_SORTS, SearchQuery, type SearchSort } from "@sokoni/contracts";
import { type FormEvent, useId, useState } from "react";
import { useSearchParams } from "react-router";
import { issuesToFieldErrors } from "@/components/ui/field";
import { useCategories } from "@/features/catalog/api/get-categories";
import { useMarketplaces } from "@/features/catalog/api/get-marketplaces";
import type { ProductFilters } from "@/features/catalog/api/get-products";

const SORT_LABELS: Record<ProductSort, string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  newest: "Newest",
  rating: "Top rated",
};

const SEARCH_SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Top rated",
  delivery: "Fastest delivery",
};

const PRICE = /^\d+(\.\d{1,2})?$/;

/** Every filter lives in the URL: a listing can be shared, reloaded and navigated back to. */
export function filtersFromParams(params: URLSearchParams): ProductFilters {
  const get = (key: string) => params.get(key)?.trim() || undefined;
  const sort = get("sort");
  const page = Number(get("page") ?? "1");
  const min = get("min_price");
  const max = get("max_price");
  return {
    q: get("q"),
    category: get("category"),
    marketplace: get("marketplace"),
    min_price: min && PRICE.test(min) ? min : undefined,
    max_price: max && PRICE.test(max) ? max : undefined,
    in_stock: get("in_stock") === "true" ? "true" : undefined,
    sort: sort && (PRODUCT_SORTS as readonly string[]).includes(sort) ? (sort as ProductSort) : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    page_size: 24,
  };
}

/**
 * The URL's choice as the only option while the list loads. React applies a select's
 * defaultValue once, at mount: without this, a listing opened on ?marketplace=x would show "All
 * stores" once the list arrives (and Apply would drop the filter). The real option has the same
 * key, so React keeps this node, selected, when the list replaces it.
 */
function placeholder(value: string | undefined) {
  // An array like the loaded list's: React reconciles the two by key only when both are arrays.
  return value
    ? [
        <option key={value} value={value}>
          {value}
        </option>,
      ]
    : [];
}

/**
 * The listing's filters, in the URL. `everywhere` (a search with words in every store, GET
 * /api/search): that search's sorts, and the words and price range checked with its contract
 * (SearchQuery) before leaving; a store or "in stock only" narrows the words to the catalog
 * listing instead. `apiErrors` are the API's field errors for the URL's values, shown beside them.
 */
export function ProductFiltersForm({
  everywhere = false,
  apiErrors = {},
}: {
  everywhere?: boolean;
  apiErrors?: Record<string, string>;
}) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const categories = useCategories();
  const marketplaces = useMarketplaces();
  const id = useId();
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...apiErrors, ...clientErrors };
  const rawSort = params.get("sort") ?? "";
  const sort = everywhere
    ? (SEARCH_SORTS as readonly string[]).includes(rawSort) && rawSort !== "relevance"
      ? rawSort
      : ""
    : (filters.sort ?? "");

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    if (filters.q) next.set("q", filters.q);
    for (const key of ["category", "marketplace", "min_price", "max_price", "sort"]) {
      const value = String(data.get(key) ?? "").trim();
      if (value) next.set(key, value);
    }
    if (data.get("in_stock") === "on") next.set("in_stock", "true");
    if (everywhere && !next.has("marketplace") && !next.has("in_stock")) {
      const checked = SearchQuery.safeParse(Object.fromEntries(next));
      if (!checked.success) {
        setClientErrors(issuesToFieldErrors(checked.error.issues));
        return;
      }
    }
    setClientErrors({});
    setParams(next);
  }

  const key = params.toString();
  return (
    <form
      key={key}
      onSubmit={apply}
      aria-label="Filters"
      className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-category`} className="text-sm font-medium">
          Category
        </label>
        <select
          id={`${id}-category`}
          name="category"
          defaultValue={filters.category ?? ""}
          className="rounded-md border border-stone-400 bg-white px-2 py-2"
        >
          <option value="">All categories</option>
          {categories.data
            ? categories.data.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {"\u00a0\u00a0".repeat(c.depth)}
                  {c.name}
                </option>
              ))
            : placeholder(filters.category)}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-marketplace`} className="text-sm font-medium">
          Store
        </label>
        <select
          id={`${id}-marketplace`}
          name="marketplace"
          defaultValue={filters.marketplace ?? ""}
          className="rounded-md border border-stone-400 bg-white px-2 py-2"
        >
          <option value="">All stores</option>
          {marketplaces.data
            ? marketplaces.data.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))
            : placeholder(filters.marketplace)}
        </select>
      </div>
      <fieldset className="flex gap-2">
        <legend className="mb-1 text-sm font-medium">Price (KES)</legend>
        <label className="flex min-w-0 flex-1 flex-col text-xs">
          Min
          <input
            name="min_price"
            inputMode="decimal"
            pattern="\d+(\.\d{1,2})?"
            defaultValue={filters.min_price ?? ""}
            aria-invalid={errors.min_price ? true : undefined}
            aria-describedby={errors.min_price ? `${id}-min_price-error` : undefined}
            className={`w-full min-w-0 rounded-md border px-2 py-2 text-base ${errors.min_price ? "border-red-600" : "border-stone-400"}`}
          />
        </label>
        <label className="flex min-w-0 flex-1 flex-col text-xs">
          Max
          <input
            name="max_price"
            inputMode="decimal"
            pattern="\d+(\.\d{1,2})?"
            defaultValue={filters.max_price ?? ""}
            aria-invalid={errors.max_price ? true : undefined}
            aria-describedby={errors.max_price ? `${id}-max_price-error` : undefined}
            className={`w-full min-w-0 rounded-md border px-2 py-2 text-base ${errors.max_price ? "border-red-600" : "border-stone-400"}`}
          />
        </label>
      </fieldset>
      {(["min_price", "max_price"] as const).map((f) =>
        errors[f] ? (
          <p key={f} id={`${id}-${f}-error`} className="-mt-2 text-sm text-red-700">
            {f === "min_price" ? "Min" : "Max"}: {errors[f]}
          </p>
        ) : null,
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="in_stock" defaultChecked={filters.in_stock === "true"} className="size-4" />
        In stock only
      </label>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-sort`} className="text-sm font-medium">
          Sort by
        </label>
        <select
          id={`${id}-sort`}
          name="sort"
          defaultValue={sort}
          className="rounded-md border border-stone-400 bg-white px-2 py-2"
        >
          {!everywhere && <option value="">Default</option>}
          {everywhere
            ? SEARCH_SORTS.map((s) => (
                <option key={s} value={s === "relevance" ? "" : s}>
                  {SEARCH_SORT_LABELS[s]}
                </option>
              ))
            : PRODUCT_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
        Apply filters
      </button>
    </form>
  );
}
