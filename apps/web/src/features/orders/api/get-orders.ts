import { OrderResponse, pageOf } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

const OrderPage = pageOf(OrderResponse);
export type OrderPage = typeof OrderPage._output;

/** GET /api/orders: the signed-in shopper's orders, newest first. */
export function getOrders(page: number, signal?: AbortSignal): Promise<OrderPage> {
  return api(`/api/orders${queryString({ page, page_size: 10 })}`, OrderPage, { signal });
}

export function getOrdersQueryOptions(userId: string, page: number) {
  return queryOptions({
    queryKey: ["orders", userId, page],
    queryFn: ({ signal }) => getOrders(page, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useOrders(userId: string, page: number) {
  return useQuery(getOrdersQueryOptions(userId, page));
}
