import { MarketplaceResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/marketplaces/:code: one store (404 MARKETPLACE_NOT_FOUND for an unknown code). */
export function getMarketplace(code: string, signal?: AbortSignal): Promise<MarketplaceResponse> {
  return api(`/api/marketplaces/${encodeURIComponent(code)}`, MarketplaceResponse, { signal });
}

export function getMarketplaceQueryOptions(code: string) {
  return queryOptions({
    queryKey: ["marketplaces", code],
    queryFn: ({ signal }) => getMarketplace(code, signal),
    staleTime: 5 * 60_000,
  });
}

export function useMarketplace(code: string) {
  return useQuery(getMarketplaceQueryOptions(code));
}
