import { MarketplaceListResponse, type MarketplaceResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/marketplaces: the active stores. */
export async function getMarketplaces(signal?: AbortSignal): Promise<MarketplaceResponse[]> {
  return (await api("/api/marketplaces", MarketplaceListResponse, { signal })).items;
}

export function getMarketplacesQueryOptions() {
  return queryOptions({
    queryKey: ["marketplaces"],
    queryFn: ({ signal }) => getMarketplaces(signal),
    staleTime: 5 * 60_000,
  });
}

export function useMarketplaces() {
  return useQuery(getMarketplacesQueryOptions());
}
