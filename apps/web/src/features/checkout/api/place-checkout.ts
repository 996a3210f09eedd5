import { type CheckoutBody, OrderResponse, PaymentResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";

export const PlacedOrder = z.object({ order: OrderResponse, payment: PaymentResponse });
export type PlacedOrder = z.infer<typeof PlacedOrder>;

/**
 * POST /api/checkout: the cart becomes an order and its payment starts. The idempotency key is
 * chosen once per attempt by the caller, so a double submit or a retry returns the same order.
 */
export function placeCheckout(input: { body: CheckoutBody; idempotencyKey: string }): Promise<PlacedOrder> {
  return api("/api/checkout", PlacedOrder, {
    method: "POST",
    body: input.body,
    headers: { "idempotency-key": input.idempotencyKey },
  });
}

export function usePlaceCheckout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: placeCheckout,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cart"] }),
  });
}
