import { CartResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** PATCH /api/cart/items/:id {quantity} */
export function updateCartItem(input: { id: string; quantity: number }): Promise<CartResponse> {
  return api(`/api/cart/items/${input.id}`, CartResponse, { method: "PATCH", body: { quantity: input.quantity } });
}

export function useUpdateCartItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCartItem,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["cart"] }),
  });
}
