import {
  MarketplaceCodeParams,
  MarketplaceListQuery,
  MarketplaceListResponse,
  MarketplaceResponse,
  Problem,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { isAdmin } from "../../platform/ctx.ts";
import { ForbiddenError, NotFoundError } from "../../platform/errors.ts";
import type { Marketplace, MarketplacesModule } from "./marketplaces.service.ts";

export function toMarketplaceResponse(m: Marketplace): MarketplaceResponse {
  return {
    code: m.code,
    name: m.name,
    kind: m.kind,
    description: m.description,
    logo_url: m.logoUrl,
    website_url: m.websiteUrl,
    rating: m.rating === null ? null : Number(m.rating),
    currency: m.currency,
    active: m.active,
  };
}

export const marketplacesRoutes: FastifyPluginAsyncZod<{ marketplaces: MarketplacesModule }> = async (
  app,
  { marketplaces },
) => {
  app.get(
    "/marketplaces",
    {
      schema: {
        tags: ["marketplaces"],
        summary: "List the marketplaces Sokoni sells from (active ones; admins may ask for all)",
        querystring: MarketplaceListQuery,
        response: { 200: MarketplaceListResponse, 403: Problem },
      },
    },
    async (req) => {
      if (req.query.include_inactive && !isAdmin(req.actor)) {
        throw new ForbiddenError("Only admins can list inactive marketplaces");
      }
      const { items, total } = await marketplaces.listMarketplaces(req.ctx, {
        includeInactive: req.query.include_inactive,
      });
      return { items: items.map(toMarketplaceResponse), total };
    },
  );

  app.get(
    "/marketplaces/:code",
    {
      schema: {
        tags: ["marketplaces"],
        summary: "One marketplace by code",
        params: MarketplaceCodeParams,
        response: { 200: MarketplaceResponse, 404: Problem },
      },
    },
    async (req) => {
      const found = await marketplaces.findMarketplaceByCode(req.ctx, req.params.code);
      if (!found || (!found.active && !isAdmin(req.actor))) {
        throw new NotFoundError("MARKETPLACE_NOT_FOUND", `No marketplace with code ${req.params.code}`);
      }
      return toMarketplaceResponse(found);
    },
  );
};
