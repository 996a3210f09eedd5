// Public face of the marketplaces module: other modules import only from here.
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
