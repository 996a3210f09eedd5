import { OrderResponse, type OrderStatus, pageOf } from "@sokoni/contracts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export const AdminOrderList = pageOf(OrderResponse);

export type AdminOrderFilters = { status?: OrderStatus; page?: number; page_size?: number };

/** GET /api/admin/orders: every customer's orders, newest first. */
export function getAdminOrders(filters: AdminOrderFilters, signal?: AbortSignal) {
  return api(`/api/admin/orders${queryString(filters)}`, AdminOrderList, { signal });
}

export function useAdminOrders(filters: AdminOrderFilters) {
  return useQuery({
    queryKey: ["admin", "orders", filters],
    queryFn: ({ signal }) => getAdminOrders(filters, signal),
    placeholderData: keepPreviousData,
  });
}
