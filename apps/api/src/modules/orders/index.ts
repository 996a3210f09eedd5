// Public face of the orders module: other modules import only from here.

export { ORDER_KEY_HEADER, requireUserOrOrderKey, userOrOrderKeySecurity } from "./order-access.routes.ts";
export {
  canMoveItem,
  canMoveOrder,
  ITEM_STATUSES,
  ITEM_TRANSITIONS,
  type ItemStatus,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderStatus,
} from "./order-status.ts";
export { ordersRoutes, toOrderResponse } from "./orders.routes.ts";
export {
  type CreateOrderInput,
  createOrdersModule,
  type ListOrdersInput,
  type Order,
  type OrderItem,
  type OrderLineInput,
  type OrdersModule,
  type StatusChange,
} from "./orders.service.ts";
export type { ShippingAddress } from "./orders.tables.ts";
export { type OrdersSummary, summarizeOrders } from "./use-cases/summarize-orders.ts";
