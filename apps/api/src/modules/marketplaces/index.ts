// Public face of the marketplaces module: other modules import only from here.

export {
  ADAPTER_KINDS,
  type AdapterCtx,
  type AdapterDeps,
  type AdapterMarketplace,
  type AdapterPool,
  createAdapter,
  createAdapterPool,
  createThrottleRegistry,
  type DroppedOffer,
  GenericMapping,
  JUMIA_MAPPING,
  logDropped,
  type MarketplaceAdapter,
  type Offer,
  type ProductLookup,
  SEARCH_SORTS,
  type SearchQuery,
  type SearchResult,
  type ThrottleRegistry,
} from "./adapters/index.ts";
export {
  createFanOut,
  type FanOut,
  type FanOutOptions,
  type Source,
  type SourceReport,
  type SourceStatus,
} from "./aggregator/fan-out.ts";
export {
  createMarketplaceSearch,
  type MarketplaceOffers,
  type MarketplaceSearch,
  type MarketplaceSearchInput,
} from "./aggregator/search-marketplaces.ts";
export { type DeliveryEstimate, type DeliveryRoute, deliveryEstimateOf } from "./delivery.ts";
export {
  CredentialsDecryptError,
  type CredentialsKey,
  type CredentialsKeyring,
} from "./marketplaces.crypto.ts";
export { marketplacesRoutes, toAdminMarketplaceResponse, toMarketplaceResponse } from "./marketplaces.routes.ts";
export {
  type AdapterSettings,
  type CreateMarketplaceInput,
  createMarketplacesModule,
  HOUSE_MARKETPLACE_CODE,
  type Marketplace,
  type MarketplaceKind,
  type MarketplacesModule,
  type UpdateMarketplaceInput,
  type UpsertMarketplaceInput,
} from "./marketplaces.service.ts";
