import { SEARCH_SORTS, SearchResponse, type SearchSort } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type SearchEverywhereFilters = {
  q: string;
  category?: string;
  min_price?: string;
  max_price?: string;
  sort?: SearchSort;
  page?: number;
  page_size?: number;
};

const PRICE = /^\d+(\.\d{1,2})?$/;

/** A search with words, from the URL (the same keys as the catalog listing; unknown values are no filter). */
export function searchFromParams(params: URLSearchParams, q: string): SearchEverywhereFilters {
  const get = (key: string) => params.get(key)?.trim() || undefined;
  const sort = get("sort");
  const page = Number(get("page") ?? "1");
  const min = get("min_price");
  const max = get("max_price");
  return {
    q,
    category: get("category"),
    min_price: min && PRICE.test(min) ? min : undefined,
    max_price: max && PRICE.test(max) ? max : undefined,
    sort: sort && (SEARCH_SORTS as readonly string[]).includes(sort) ? (sort as SearchSort) : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    page_size: 12,
  };
}

/** GET /api/search: the house catalog and every active marketplace at once, offers grouped by item. */
export function searchEverywhere(filters: SearchEverywhereFilters, signal?: AbortSignal): Promise<SearchResponse> {
  return api(`/api/search${queryString(filters)}`, SearchResponse, { signal });
}

export function searchEverywhereQueryOptions(filters: SearchEverywhereFilters) {
  return queryOptions({
    queryKey: ["search", filters],
    queryFn: ({ signal }) => searchEverywhere(filters, signal),
    placeholderData: keepPreviousData,
    // The API caches each store's answer for a minute; asking again sooner gains nothing.
    staleTime: 30_000,
  });
}

export function useSearchEverywhere(filters: SearchEverywhereFilters) {
  return useQuery(searchEverywhereQueryOptions(filters));
}
