import { OrderResponse, PaymentResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";

const Repaid = z.object({ order: OrderResponse, payment: PaymentResponse });

/** POST /api/orders/:id/payments: pay an unpaid order again (e.g. after a decline). */
export function payOrder(input: {
  orderId: string;
  paymentMethod: "mock" | "wallet";
}): Promise<z.infer<typeof Repaid>> {
  return api(`/api/orders/${input.orderId}/payments`, Repaid, {
    method: "POST",
    body: { payment_method: input.paymentMethod },
  });
}

export function usePayOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: payOrder,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["orders"] }),
  });
}
