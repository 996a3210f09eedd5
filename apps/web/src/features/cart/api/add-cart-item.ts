import { type AddCartItemBody, CartResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/cart/items: a guest's first add creates the cart and its cookie. */
export function addCartItem(body: AddCartItemBody): Promise<CartResponse> {
  return api("/api/cart/items", CartResponse, { method: "POST", body });
}

export function useAddCartItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addCartItem,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cart"] }),
  });
}
