import { AdminMarketplaceResponse, type CreateMarketplaceBody } from "@sokoni/contracts";
import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/admin/marketplaces: 409 MARKETPLACE_CODE_TAKEN beside `code`; credentials are write-only. */
export function createMarketplace(body: CreateMarketplaceBody): Promise<AdminMarketplaceResponse> {
  return api("/api/admin/marketplaces", AdminMarketplaceResponse, { method: "POST", body });
}

/** The admin registry, the public stores and products (they show their store's name) all follow. */
export function invalidateMarketplaces(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["admin", "marketplaces"] }),
    queryClient.invalidateQueries({ queryKey: ["marketplaces"] }),
    queryClient.invalidateQueries({ queryKey: ["products"] }),
  ]);
}

export function useCreateMarketplace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMarketplace,
    onSuccess: () => invalidateMarketplaces(queryClient),
  });
}
