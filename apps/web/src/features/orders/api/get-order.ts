import { OrderResponse, PaymentResponse, StatusChangeResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";
import { orderKeyHeaders } from "@/lib/order-keys";

export const OrderDetail = OrderResponse.extend({
  payments: z.array(PaymentResponse),
  history: z.array(StatusChangeResponse),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

/** GET /api/orders/:id: items per marketplace, payments and status history (a guest sends the order's key). */
export function getOrder(id: string, signal?: AbortSignal): Promise<OrderDetail> {
  return api(`/api/orders/${encodeURIComponent(id)}`, OrderDetail, { signal, headers: orderKeyHeaders(id) });
}

export function getOrderQueryOptions(id: string) {
  return queryOptions({
    queryKey: ["orders", "detail", id],
    queryFn: ({ signal }) => getOrder(id, signal),
    staleTime: 0,
  });
}

/** With `pollUntilSettled`, re-reads every 2 s while the order waits for its payment. */
export function useOrder(id: string, { pollUntilSettled = false } = {}) {
  return useQuery({
    ...getOrderQueryOptions(id),
    refetchInterval: (query) => (pollUntilSettled && query.state.data?.status === "pending_payment" ? 2000 : false),
  });
}
