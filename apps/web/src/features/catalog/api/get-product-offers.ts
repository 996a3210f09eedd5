import { ProductOffersResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/products/:id/offers: every active offer of the same item, cheapest first. */
export function getProductOffers(id: string, signal?: AbortSignal): Promise<ProductOffersResponse> {
  return api(`/api/products/${encodeURIComponent(id)}/offers`, ProductOffersResponse, { signal });
}

export function getProductOffersQueryOptions(id: string) {
  return queryOptions({
    queryKey: ["products", "offers", id],
    queryFn: ({ signal }) => getProductOffers(id, signal),
  });
}

export function useProductOffers(id: string) {
  return useQuery(getProductOffersQueryOptions(id));
}
