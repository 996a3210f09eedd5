// Public face of the marketplaces module: other modules import only from here.
export { marketplacesRoutes, toMarketplaceResponse } from "./marketplaces.routes.ts";
export {
  createMarketplacesModule,
  HOUSE_MARKETPLACE_CODE,
  type Marketplace,
  type MarketplaceKind,
  type MarketplacesModule,
  type UpsertMarketplaceInput,
} from "./marketplaces.service.ts";
