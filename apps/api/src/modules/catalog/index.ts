import type { FastifyPluginAsync } from "fastify";
import type { MarketplacesModule } from "../marketplaces/index.ts";

// Placeholder until the catalog module lands: wiring only.
export function createCatalogModule(_deps: { marketplaces: MarketplacesModule; storeCurrency: string }) {
  return {};
}
export type CatalogModule = ReturnType<typeof createCatalogModule>;
export const catalogRoutes: FastifyPluginAsync<{ catalog: CatalogModule }> = async () => {};
