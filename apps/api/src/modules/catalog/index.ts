// Public face of the catalog module: other modules import only from here.
export { catalogRoutes, toProductResponse } from "./catalog.routes.ts";
export { type CatalogDeps, type CatalogModule, createCatalogModule } from "./catalog.service.ts";
export type {
  Category,
  CategoryDetail,
  CategoryTree,
  CreateCategoryInput,
  UpdateCategoryInput,
} from "./use-cases/categories.ts";
export { DEFAULT_FX_RATES_KES, type FxRate } from "./use-cases/fx-rates.ts";
export type {
  AdminProductListInput,
  ImportProductRow,
  Product,
  ProductInput,
  ProductListInput,
  ProductOffers,
} from "./use-cases/products.ts";
export type { Purchasable } from "./use-cases/purchasables.ts";
export { changeOf, type PriceChange, type Recheck } from "./use-cases/recheck.ts";
export type { StockLine, StockShortage } from "./use-cases/stock.ts";
