import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** DELETE /api/products/:id (admin): a product that orders or carts refer to is archived instead. */
export function deleteProduct(id: string): Promise<void> {
  return api(`/api/products/${encodeURIComponent(id)}`, null, { method: "DELETE" });
}

export function useDeleteProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteProduct,
    // Marked stale, not refetched now: the page still showing the deleted product would ask for it (404).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["products"], refetchType: "none" }),
  });
}
