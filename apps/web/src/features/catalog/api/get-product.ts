import { ProductResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/products/:id */
export function getProduct(id: string, signal?: AbortSignal): Promise<ProductResponse> {
  return api(`/api/products/${encodeURIComponent(id)}`, ProductResponse, { signal });
}

export function getProductQueryOptions(id: string) {
  return queryOptions({ queryKey: ["products", "detail", id], queryFn: ({ signal }) => getProduct(id, signal) });
}

export function useProduct(id: string) {
  return useQuery(getProductQueryOptions(id));
}
