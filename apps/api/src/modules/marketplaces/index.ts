import type { FastifyPluginAsync } from "fastify";

// Placeholder until the marketplaces module lands: wiring only.
export function createMarketplacesModule() {
  return {};
}
export type MarketplacesModule = ReturnType<typeof createMarketplacesModule>;
export const marketplacesRoutes: FastifyPluginAsync<{ marketplaces: MarketplacesModule }> = async () => {};
