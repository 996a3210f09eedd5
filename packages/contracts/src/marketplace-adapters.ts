/**
 * Why a call to an external marketplace failed (thrown as a 502 UpstreamError by its adapter).
 * The aggregator reports these per source; a cut-off call is a timeout, not one of these.
 */
export const MarketplaceAdapterErrorCode = {
  /** Unreachable, a 5xx, or an answer that is not the marketplace's JSON. */
  MARKETPLACE_UNAVAILABLE: "MARKETPLACE_UNAVAILABLE",
  /** The marketplace refused Sokoni's credentials (or they are missing): an admin must fix them. */
  MARKETPLACE_AUTH_FAILED: "MARKETPLACE_AUTH_FAILED",
  /** Still throttled (429) after waiting once for the next allowed slot. */
  MARKETPLACE_THROTTLED: "MARKETPLACE_THROTTLED",
  /** The marketplace refused the request itself (a 4xx with its error envelope). */
  MARKETPLACE_REQUEST_REFUSED: "MARKETPLACE_REQUEST_REFUSED",
  /** The marketplace's stored configuration (field mapping, credentials' shape) is unusable. */
  MARKETPLACE_MISCONFIGURED: "MARKETPLACE_MISCONFIGURED",
} as const;
export type MarketplaceAdapterErrorCode =
  (typeof MarketplaceAdapterErrorCode)[keyof typeof MarketplaceAdapterErrorCode];
