import type { MarketplacesModule } from "../marketplaces/index.ts";
import { createCategories } from "./use-cases/categories.ts";
import { createFxRates } from "./use-cases/fx-rates.ts";
import { createProducts } from "./use-cases/products.ts";
import { createPurchasables } from "./use-cases/purchasables.ts";
import { createStock } from "./use-cases/stock.ts";

export type CatalogDeps = { marketplaces: MarketplacesModule; storeCurrency: string };

/** Products, categories, fx rates and product search. */
export function createCatalogModule({ marketplaces, storeCurrency }: CatalogDeps) {
  const categories = createCategories();
  const fx = createFxRates({ storeCurrency });
  const products = createProducts({ marketplaces, storeCurrency, categories, fx });
  const stock = createStock({ marketplaces });
  const purchasables = createPurchasables({ marketplaces, storeCurrency });
  return { storeCurrency, ...categories, ...fx, ...products, ...purchasables, ...stock };
}

export type CatalogModule = ReturnType<typeof createCatalogModule>;
