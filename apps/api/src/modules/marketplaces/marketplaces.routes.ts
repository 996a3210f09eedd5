import {
  AdminMarketplaceListResponse,
  AdminMarketplaceResponse,
  CreateMarketplaceBody,
  MarketplaceCodeParams,
  MarketplaceListQuery,
  MarketplaceListResponse,
  MarketplaceRemovedResponse,
  MarketplaceResponse,
  Problem,
  UpdateMarketplaceBody,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { isAdmin } from "../../platform/ctx.ts";
import { ForbiddenError, NotFoundError } from "../../platform/errors.ts";
import { requireAdmin } from "../../platform/http/auth.ts";
import type { Marketplace, MarketplacesModule, UpdateMarketplaceInput } from "./marketplaces.service.ts";

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
    ships_to: m.shipsTo,
    active: m.active,
  };
}

/** The admin's view: settings and the NAMES of stored credentials, never their values. */
export function toAdminMarketplaceResponse(m: Marketplace): AdminMarketplaceResponse {
  return {
    ...toMarketplaceResponse(m),
    api_base_url: m.apiBaseUrl,
    adapter_config: m.adapterConfig as AdminMarketplaceResponse["adapter_config"],
    time_budget_ms: m.timeBudgetMs,
    rate_limit_per_min: m.rateLimitPerMin,
    has_credentials: m.credentialsKeyVersion !== null,
    credential_names: m.credentialNames,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
  };
}

const ratingOf = (r: number | null | undefined) => (r === undefined ? undefined : r === null ? null : r.toFixed(2));

function fieldsOf(b: z.output<typeof UpdateMarketplaceBody>): UpdateMarketplaceInput {
  return {
    name: b.name,
    kind: b.kind,
    description: b.description,
    logoUrl: b.logo_url,
    websiteUrl: b.website_url,
    rating: ratingOf(b.rating),
    currency: b.currency,
    shipsTo: b.ships_to,
    apiBaseUrl: b.api_base_url,
    adapterConfig: b.adapter_config,
    timeBudgetMs: b.time_budget_ms,
    rateLimitPerMin: b.rate_limit_per_min,
    active: b.active,
    credentials: b.credentials,
  };
}

const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

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

  app.get(
    "/admin/marketplaces",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "Every marketplace with its adapter settings and credential names (admin)",
        response: { 200: AdminMarketplaceListResponse, ...problems(401, 403) },
      },
    },
    async (req) => {
      const { items, total } = await marketplaces.listMarketplaces(req.ctx, { includeInactive: true });
      return { items: items.map(toAdminMarketplaceResponse), total };
    },
  );

  app.get(
    "/admin/marketplaces/:code",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "One marketplace with its adapter settings and credential names (admin)",
        params: MarketplaceCodeParams,
        response: { 200: AdminMarketplaceResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => toAdminMarketplaceResponse(await marketplaces.getMarketplaceByCode(req.ctx, req.params.code)),
  );

  app.post(
    "/admin/marketplaces",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "Register an external marketplace (admin)",
        description:
          "Credentials are write-only: stored encrypted (AES-256-GCM) and never returned; responses name them only. 409 MARKETPLACE_CODE_TAKEN.",
        body: CreateMarketplaceBody,
        response: { 201: AdminMarketplaceResponse, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await marketplaces.createMarketplace(req.ctx, {
        ...fieldsOf(b),
        code: b.code,
        name: b.name,
        kind: b.kind,
        currency: b.currency,
        credentials: b.credentials,
      });
      return reply.code(201).send(toAdminMarketplaceResponse(created));
    },
  );

  app.patch(
    "/admin/marketplaces/:code",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "Change a marketplace (admin); omitted fields and credentials keep their value",
        description:
          "`credentials` merges by name: a value sets one, null removes one; `credentials: null` removes all. The house store keeps kind house and stays active (422 HOUSE_MARKETPLACE_PROTECTED).",
        params: MarketplaceCodeParams,
        body: UpdateMarketplaceBody,
        response: { 200: AdminMarketplaceResponse, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) =>
      toAdminMarketplaceResponse(await marketplaces.updateMarketplace(req.ctx, req.params.code, fieldsOf(req.body))),
  );

  app.delete(
    "/admin/marketplaces/:code",
    {
      preHandler: requireAdmin,
      schema: {
        tags: ["admin"],
        security,
        summary: "Delete a marketplace, or deactivate it while products refer to it (admin)",
        description: "The answer says which happened. The house store is refused (422 HOUSE_MARKETPLACE_PROTECTED).",
        params: MarketplaceCodeParams,
        response: { 200: MarketplaceRemovedResponse, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      const { code } = req.params;
      const { outcome } = await marketplaces.removeMarketplace(req.ctx, code);
      return {
        code,
        outcome,
        detail:
          outcome === "deleted"
            ? `Marketplace ${code} was deleted`
            : `Marketplace ${code} still has products, so it was deactivated instead: hidden from shoppers and never searched`,
      };
    },
  );
};
