import { MarketplaceRemovedResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { invalidateMarketplaces } from "@/features/admin/api/marketplace-create";
import { api } from "@/lib/api-client";

/** DELETE /api/admin/marketplaces/:code: `outcome` says deleted, or deactivated while products refer to it. */
export function deleteMarketplace(code: string): Promise<MarketplaceRemovedResponse> {
  return api(`/api/admin/marketplaces/${encodeURIComponent(code)}`, MarketplaceRemovedResponse, { method: "DELETE" });
}

export function useDeleteMarketplace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteMarketplace,
    // A deleted store's own page is being left: re-reading it would only answer 404.
    onSuccess: (res) =>
      res.outcome === "deleted"
        ? Promise.all([
            queryClient.invalidateQueries({ queryKey: ["admin", "marketplaces", "list"] }),
            queryClient.invalidateQueries({ queryKey: ["marketplaces"] }),
            queryClient.invalidateQueries({ queryKey: ["products"] }),
          ])
        : invalidateMarketplaces(queryClient),
  });
}
