import { z } from "zod";
import { CurrencyCode } from "./common.ts";

export const MARKETPLACE_KINDS = ["house", "jumia", "amazon", "ebay", "aliexpress", "walmart", "generic"] as const;
export const MarketplaceKind = z.enum(MARKETPLACE_KINDS).describe("Adapter family; `house` is Sokoni's own stock");
export type MarketplaceKind = z.infer<typeof MarketplaceKind>;

export const MarketplaceCodeParams = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be a lowercase marketplace code")
    .describe("Marketplace code, e.g. sokoni or jumia-ke"),
});

export const MarketplaceListQuery = z.object({
  include_inactive: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("Admins only: include deactivated marketplaces"),
});

export const MarketplaceResponse = z.object({
  code: z.string(),
  name: z.string(),
  kind: MarketplaceKind,
  description: z.string(),
  logo_url: z.string().nullable(),
  website_url: z.string().nullable(),
  rating: z.number().nullable().describe("Average store rating 0–5"),
  currency: CurrencyCode,
  active: z.boolean(),
});
export type MarketplaceResponse = z.infer<typeof MarketplaceResponse>;

export const MarketplaceListResponse = z.object({
  items: z.array(MarketplaceResponse),
  total: z.number().int(),
});
export type MarketplaceListResponse = z.infer<typeof MarketplaceListResponse>;

/** The marketplace as embedded in a product. */
export const MarketplaceRef = z.object({ code: z.string(), name: z.string() });
