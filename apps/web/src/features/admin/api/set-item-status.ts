import type { ItemStatus } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getOrderQueryOptions, OrderDetail } from "@/features/orders/api/get-order";
import { api } from "@/lib/api-client";

export type SetItemStatusBody = { status: ItemStatus; reason?: string };

/** PATCH /api/admin/orders/:id/items/:item_id/status: a move ITEM_TRANSITIONS allows, else 409; the order follows its items. */
export function setItemStatus(orderId: string, itemId: string, body: SetItemStatusBody): Promise<OrderDetail> {
  return api(
    `/api/admin/orders/${encodeURIComponent(orderId)}/items/${encodeURIComponent(itemId)}/status`,
    OrderDetail,
    { method: "PATCH", body },
  );
}

export function useSetItemStatus(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: SetItemStatusBody }) => setItemStatus(orderId, itemId, body),
    onSuccess: (order) => {
      // The answer is the whole order (its status and history followed the item).
      queryClient.setQueryData(getOrderQueryOptions(orderId).queryKey, order);
      return queryClient.invalidateQueries({ queryKey: ["admin", "orders"] });
    },
    // A refusal (409) usually means the page was stale: read the order again so it shows what is true now.
    onError: () => queryClient.invalidateQueries({ queryKey: getOrderQueryOptions(orderId).queryKey }),
  });
}
