import { type CheckoutBody, OrderResponse, PaymentResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";
import { rememberOrderKey } from "@/lib/order-keys";

export const PlacedOrder = z.object({
  order: OrderResponse,
  payment: PaymentResponse,
  order_access_key: z.string().nullable(),
});
export type PlacedOrder = z.infer<typeof PlacedOrder>;

/**
 * POST /api/checkout: the cart becomes an order and its payment starts. The idempotency key is
 * chosen once per attempt by the caller, so a double submit or a retry returns the same order.
 */
export async function placeCheckout(input: { body: CheckoutBody; idempotencyKey: string }): Promise<PlacedOrder> {
  const placed = await api("/api/checkout", PlacedOrder, {
    method: "POST",
    body: input.body,
    headers: { "idempotency-key": input.idempotencyKey },
  });
  // A guest's key to the order: kept before anything navigates away to a payment page.
  if (placed.order_access_key) rememberOrderKey(placed.order.id, placed.order_access_key);
  return placed;
}

export function usePlaceCheckout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: placeCheckout,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["cart"] }),
  });
}
