import { AdminMarketplaceResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/admin/marketplaces/:code: settings and credential names (never values). */
export function getAdminMarketplace(code: string, signal?: AbortSignal): Promise<AdminMarketplaceResponse> {
  return api(`/api/admin/marketplaces/${encodeURIComponent(code)}`, AdminMarketplaceResponse, { signal });
}

export function getAdminMarketplaceQueryOptions(code: string) {
  return queryOptions({
    queryKey: ["admin", "marketplaces", "detail", code],
    queryFn: ({ signal }) => getAdminMarketplace(code, signal),
  });
}

export function useAdminMarketplace(code: string) {
  return useQuery(getAdminMarketplaceQueryOptions(code));
}
