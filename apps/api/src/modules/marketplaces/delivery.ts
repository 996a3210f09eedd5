import type { Marketplace } from "./marketplaces.service.ts";

/** How a store's parcels reach the shopper: from Sokoni's shelves, by the store within the country, or through Sokoni's warehouse. */
export type DeliveryRoute = "house" | "domestic" | "warehouse";

export type DeliveryEstimate = { route: DeliveryRoute; minDays: number; maxDays: number };

// Working days to the door by route: house stock leaves Nairobi the same day; a domestic store
// delivers in its own time; a foreign parcel travels to the warehouse, is received, then flown on.
const ESTIMATES: Record<DeliveryRoute, Omit<DeliveryEstimate, "route">> = {
  house: { minDays: 1, maxDays: 3 },
  domestic: { minDays: 2, maxDays: 5 },
  warehouse: { minDays: 7, maxDays: 14 },
};

/** The delivery estimate of a store's offers, from its kind and `ships_to`. */
export function deliveryEstimateOf(m: Pick<Marketplace, "kind" | "shipsTo">): DeliveryEstimate {
  const route: DeliveryRoute = m.kind === "house" ? "house" : m.shipsTo;
  return { route, ...ESTIMATES[route] };
}
