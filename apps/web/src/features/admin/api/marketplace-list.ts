import { AdminMarketplaceListResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/admin/marketplaces: every store, inactive ones too, with credential names (never values). */
export function getAdminMarketplaces(signal?: AbortSignal): Promise<AdminMarketplaceListResponse> {
  return api("/api/admin/marketplaces", AdminMarketplaceListResponse, { signal });
}

export function getAdminMarketplacesQueryOptions() {
  return queryOptions({
    queryKey: ["admin", "marketplaces", "list"],
    queryFn: ({ signal }) => getAdminMarketplaces(signal),
  });
}

export function useAdminMarketplaces() {
  return useQuery(getAdminMarketplacesQueryOptions());
}
