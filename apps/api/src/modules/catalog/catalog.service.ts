import {
  type AdapterPool,
  createAdapterPool,
  type MarketplaceSearch,
  type MarketplacesModule,
} from "../marketplaces/index.ts";
import { createCategories } from "./use-cases/categories.ts";
import { createFxRates } from "./use-cases/fx-rates.ts";
import { createProducts } from "./use-cases/products.ts";
import { createPurchasables } from "./use-cases/purchasables.ts";
import { createRecheck } from "./use-cases/recheck.ts";
import { createSearchEverywhere } from "./use-cases/search-everywhere.ts";
import { createStock } from "./use-cases/stock.ts";

export type CatalogDeps = {
  marketplaces: MarketplacesModule;
  storeCurrency: string;
  /** The fan-out over external marketplaces; without it, searchEverywhere searches the catalog only. */
  marketplaceSearch?: MarketplaceSearch;
  /**
   * The process's adapters (share the one marketplaceSearch uses, so an eBay token outlives a
   * request); re-checks before checkout ask through it. Default: a pool of the catalog's own.
   */
  adapterPool?: AdapterPool;
};

/** Products, categories, fx rates and product search. */
export function createCatalogModule({
  marketplaces,
  storeCurrency,
  marketplaceSearch,
  adapterPool = createAdapterPool(),
}: CatalogDeps) {
  const categories = createCategories();
  const fx = createFxRates({ storeCurrency });
  const products = createProducts({ marketplaces, storeCurrency, categories, fx });
  const stock = createStock({ marketplaces });
  const purchasables = createPurchasables({ marketplaces, storeCurrency });
  const recheck = createRecheck({ marketplaces, pool: adapterPool, products, purchasables });
  const everywhere = createSearchEverywhere({
    marketplaces,
    marketplaceSearch,
    categories,
    fx,
    products,
    storeCurrency,
  });
  return { storeCurrency, ...categories, ...fx, ...products, ...purchasables, ...stock, ...everywhere, ...recheck };
}

export type CatalogModule = ReturnType<typeof createCatalogModule>;
