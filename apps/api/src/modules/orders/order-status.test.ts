import { describe, expect, it } from "vitest";
import {
  assertItemTransition,
  assertOrderTransition,
  ITEM_STATUSES,
  ITEM_TRANSITIONS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  statusFromItems,
} from "./order-status.ts";

const orderMoves = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));
const itemMoves = ITEM_STATUSES.flatMap((from) => ITEM_STATUSES.map((to) => [from, to] as const));

describe("order state machine", () => {
  it.each(orderMoves.filter(([from, to]) => !ORDER_TRANSITIONS[from].includes(to)))(
    "refuses %s → %s with 409 ILLEGAL_STATUS_TRANSITION",
    (from, to) => {
      expect(() => assertOrderTransition(from, to)).toThrow(
        expect.objectContaining({ status: 409, code: "ILLEGAL_STATUS_TRANSITION" }),
      );
    },
  );

  it.each(orderMoves.filter(([from, to]) => ORDER_TRANSITIONS[from].includes(to)))("allows %s → %s", (from, to) => {
    expect(() => assertOrderTransition(from, to)).not.toThrow();
  });

  it("keeps cancelled and refunded final, and never goes back to pending_payment", () => {
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    expect(ORDER_TRANSITIONS.refunded).toEqual([]);
    for (const from of ORDER_STATUSES) expect(ORDER_TRANSITIONS[from]).not.toContain("pending_payment");
  });
});

describe("item state machine", () => {
  it.each(itemMoves.filter(([from, to]) => !ITEM_TRANSITIONS[from].includes(to)))(
    "refuses %s → %s with 409",
    (from, to) => {
      expect(() => assertItemTransition(from, to)).toThrow(expect.objectContaining({ status: 409 }));
    },
  );

  it("lets an item go pending → ordered → received → shipped → delivered", () => {
    const path = ["pending", "ordered", "received", "shipped", "delivered"] as const;
    for (let i = 1; i < path.length; i++) {
      const from = path[i - 1];
      const to = path[i];
      if (from && to) expect(() => assertItemTransition(from, to)).not.toThrow();
    }
  });
});

describe("order status from items", () => {
  it("moves a paid order to processing once any item is ordered", () => {
    expect(statusFromItems("paid", ["ordered", "pending"])).toBe("processing");
  });

  it("ships the order when every live item has shipped, ignoring cancelled ones", () => {
    expect(statusFromItems("processing", ["shipped", "cancelled", "delivered"])).toBe("shipped");
  });

  it("delivers the order when every live item is delivered", () => {
    expect(statusFromItems("shipped", ["delivered", "failed", "delivered"])).toBe("delivered");
  });

  it("implies nothing for an unpaid order or when nothing is live", () => {
    expect(statusFromItems("pending_payment", ["shipped"])).toBeUndefined();
    expect(statusFromItems("paid", ["cancelled", "failed"])).toBeUndefined();
    expect(statusFromItems("processing", ["ordered", "pending"])).toBeUndefined();
  });
});
