import { ProductListResponse, type ProductSort } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type ProductFilters = {
  q?: string;
  category?: string;
  min_price?: string;
  max_price?: string;
  in_stock?: "true";
  marketplace?: string;
  sort?: ProductSort;
  page?: number;
  page_size?: number;
};

/** GET /api/products: search and listing with filters, sort and pagination. */
export function getProducts(filters: ProductFilters, signal?: AbortSignal): Promise<ProductListResponse> {
  return api(`/api/products${queryString(filters)}`, ProductListResponse, { signal });
}

export function getProductsQueryOptions(filters: ProductFilters) {
  return queryOptions({
    queryKey: ["products", filters],
    queryFn: ({ signal }) => getProducts(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProducts(filters: ProductFilters) {
  return useQuery(getProductsQueryOptions(filters));
}
