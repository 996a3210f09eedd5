import { AdminMarketplaceResponse, type UpdateMarketplaceBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { invalidateMarketplaces } from "@/features/admin/api/marketplace-create";
import { api } from "@/lib/api-client";

/**
 * PATCH /api/admin/marketplaces/:code: omitted fields and credentials keep their value; 422
 * HOUSE_MARKETPLACE_PROTECTED when the house store would change kind or be deactivated.
 */
export function updateMarketplace(code: string, body: UpdateMarketplaceBody): Promise<AdminMarketplaceResponse> {
  return api(`/api/admin/marketplaces/${encodeURIComponent(code)}`, AdminMarketplaceResponse, {
    method: "PATCH",
    body,
  });
}

export function useUpdateMarketplace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: UpdateMarketplaceBody }) => updateMarketplace(code, body),
    onSuccess: () => invalidateMarketplaces(queryClient),
  });
}
