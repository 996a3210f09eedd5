import { OrderResponse, type OrderStatus } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

export type SetOrderStatusBody = { status: OrderStatus; reason?: string };

/** PATCH /api/admin/orders/:id/status: a move the order state machine allows, else 409. */
export function setOrderStatus(id: string, body: SetOrderStatusBody): Promise<OrderResponse> {
  return api(`/api/admin/orders/${encodeURIComponent(id)}/status`, OrderResponse, { method: "PATCH", body });
}

export function useSetOrderStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetOrderStatusBody) => setOrderStatus(id, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["orders", "detail", id] }),
        queryClient.invalidateQueries({ queryKey: ["admin", "orders"] }),
      ]),
  });
}
