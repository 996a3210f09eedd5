import { OrderResponse, PaymentResponse, type PayOrderBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";
import { orderKeyHeaders } from "@/lib/order-keys";

const Repaid = z.object({ order: OrderResponse, payment: PaymentResponse, order_access_key: z.string().nullable() });

/** POST /api/orders/:id/payments: pay an unpaid order again (after a decline or a cancelled M-Pesa prompt). */
export function payOrder(input: {
  orderId: string;
  body: z.input<typeof PayOrderBody>;
}): Promise<z.infer<typeof Repaid>> {
  return api(`/api/orders/${encodeURIComponent(input.orderId)}/payments`, Repaid, {
    method: "POST",
    body: input.body,
    headers: orderKeyHeaders(input.orderId),
  });
}

export function usePayOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: payOrder,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["orders"] }),
  });
}
