import { ITEM_STATUSES, ITEM_TRANSITIONS, ORDER_STATUSES, ORDER_TRANSITIONS } from "@sokoni/contracts";
import { ConflictError } from "../../platform/errors.ts";

/**
 * The order and item lifecycles of DESIGN.md §3, as transition tables: the only place that says
 * which move is legal. Everything that changes a status goes through assertOrderTransition /
 * assertItemTransition, and every change is written to orders.status_history.
 */
export { ORDER_STATUSES, ORDER_TRANSITIONS };
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export { ITEM_STATUSES, ITEM_TRANSITIONS };
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function canMoveItem(from: ItemStatus, to: ItemStatus): boolean {
  return ITEM_TRANSITIONS[from].includes(to);
}

/** Throws ConflictError ILLEGAL_STATUS_TRANSITION (409) for a move the table does not allow. */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canMoveOrder(from, to)) {
    throw new ConflictError("ILLEGAL_STATUS_TRANSITION", `An order that is ${from} cannot become ${to}`);
  }
}

/** Throws ConflictError ILLEGAL_STATUS_TRANSITION (409) for a move the table does not allow. */
export function assertItemTransition(from: ItemStatus, to: ItemStatus): void {
  if (!canMoveItem(from, to)) {
    throw new ConflictError("ILLEGAL_STATUS_TRANSITION", `An item that is ${from} cannot become ${to}`);
  }
}

const ITEM_PROGRESS: Readonly<Record<ItemStatus, number>> = {
  pending: 0,
  ordered: 1,
  received: 1,
  shipped: 2,
  delivered: 3,
  failed: -1,
  cancelled: -1,
};

/**
 * The order status that follows from its items once the order is paid: every live item (not
 * failed or cancelled) delivered → delivered; every live item at least shipped → shipped; any
 * item past pending → processing. Undefined means "no change implied" (e.g. nothing live left:
 * cancelling or refunding is a money decision, not one the items can make).
 */
export function statusFromItems(current: OrderStatus, items: readonly ItemStatus[]): OrderStatus | undefined {
  if (!["paid", "processing", "shipped", "partially_refunded"].includes(current)) return undefined;
  const live = items.filter((s) => ITEM_PROGRESS[s] >= 0);
  if (live.length === 0) return undefined;
  const least = Math.min(...live.map((s) => ITEM_PROGRESS[s]));
  const most = Math.max(...live.map((s) => ITEM_PROGRESS[s]));
  const implied: OrderStatus | undefined =
    least >= 3 ? "delivered" : least >= 2 ? "shipped" : most >= 1 ? "processing" : undefined;
  if (!implied || implied === current || !canMoveOrder(current, implied)) return undefined;
  return implied;
}
