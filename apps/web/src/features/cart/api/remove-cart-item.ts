import { CartResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** DELETE /api/cart/items/:id */
export function removeCartItem(id: string): Promise<CartResponse> {
  return api(`/api/cart/items/${id}`, CartResponse, { method: "DELETE" });
}

export function useRemoveCartItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeCartItem,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["cart"] }),
  });
}
