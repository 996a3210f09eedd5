import { type AdminProductStatus, ProductListResponse } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type AdminProductFilters = { q?: string; status?: AdminProductStatus; page?: number; page_size?: number };

/** GET /api/admin/products: every product, archived ones too, newest first (staff and admins). */
export function getAdminProducts(filters: AdminProductFilters, signal?: AbortSignal): Promise<ProductListResponse> {
  return api(`/api/admin/products${queryString(filters)}`, ProductListResponse, { signal });
}

export function getAdminProductsQueryOptions(filters: AdminProductFilters) {
  return queryOptions({
    // Under "products": every product write (create, update, delete) marks it stale.
    queryKey: ["products", "admin", filters],
    queryFn: ({ signal }) => getAdminProducts(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAdminProducts(filters: AdminProductFilters) {
  return useQuery(getAdminProductsQueryOptions(filters));
}
