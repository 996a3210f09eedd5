import type { OrderStatus } from "@sokoni/contracts";

/**
 * The moves an admin may offer, mirroring the API's ORDER_TRANSITIONS (DESIGN.md §3,
 * apps/api/src/modules/orders/order-status.ts). The API stays the judge: a move it refuses
 * comes back as a 409 problem, shown as is.
 */
export const ORDER_MOVES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["processing", "shipped", "cancelled", "refunded", "partially_refunded"],
  processing: ["shipped", "delivered", "cancelled", "refunded", "partially_refunded"],
  shipped: ["delivered", "refunded", "partially_refunded"],
  delivered: ["refunded", "partially_refunded"],
  partially_refunded: ["processing", "shipped", "delivered", "refunded"],
  cancelled: [],
  refunded: [],
};
