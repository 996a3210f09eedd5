import { z } from "zod";
import { CurrencyCode, Timestamp } from "./common.ts";

export const MARKETPLACE_KINDS = ["house", "jumia", "amazon", "ebay", "aliexpress", "walmart", "generic"] as const;
export const MarketplaceKind = z.enum(MARKETPLACE_KINDS).describe("Adapter family; `house` is Sokoni's own stock");
export type MarketplaceKind = z.infer<typeof MarketplaceKind>;

/** Kinds an admin may register: there is exactly one house store (`sokoni`), made at start-up. */
export const EXTERNAL_MARKETPLACE_KINDS = ["jumia", "amazon", "ebay", "aliexpress", "walmart", "generic"] as const;
export const ExternalMarketplaceKind = z
  .enum(EXTERNAL_MARKETPLACE_KINDS)
  .describe("Adapter family of an external store (the house store `sokoni` is the only `house`)");

export const MARKETPLACE_SHIPS_TO = ["domestic", "warehouse"] as const;
export const MarketplaceShipsTo = z
  .enum(MARKETPLACE_SHIPS_TO)
  .describe("domestic: the store delivers in Kenya itself; warehouse: parcels come through Sokoni's warehouse");
export type MarketplaceShipsTo = z.infer<typeof MarketplaceShipsTo>;

/** Error codes of the marketplace registry; the UI switches on these, never on message text. */
export const MarketplaceErrorCode = {
  MARKETPLACE_NOT_FOUND: "MARKETPLACE_NOT_FOUND",
  MARKETPLACE_CODE_TAKEN: "MARKETPLACE_CODE_TAKEN",
  /** The house store `sokoni` cannot be deleted, deactivated or given another kind. */
  HOUSE_MARKETPLACE_PROTECTED: "HOUSE_MARKETPLACE_PROTECTED",
  /** The saved credentials do not decrypt with the configured key (send credentials: null, then new ones). */
  MARKETPLACE_CREDENTIALS_UNREADABLE: "MARKETPLACE_CREDENTIALS_UNREADABLE",
} as const;
export type MarketplaceErrorCode = (typeof MarketplaceErrorCode)[keyof typeof MarketplaceErrorCode];

export const MarketplaceCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be a lowercase marketplace code")
  .describe("Marketplace code, e.g. sokoni or jumia-ke");

export const MarketplaceCodeParams = z.object({ code: MarketplaceCode });

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
  ships_to: MarketplaceShipsTo,
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

// --- Admin registry ---------------------------------------------------------------------------

export const CREDENTIAL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_CREDENTIALS = 10;
export const DEFAULT_TIME_BUDGET_MS = 1500;

/** Credential names each kind's adapter reads; the admin form offers these for a new marketplace. */
export const SUGGESTED_CREDENTIAL_NAMES: Record<MarketplaceKind, readonly string[]> = {
  house: [],
  ebay: ["client_id", "client_secret"],
  amazon: ["access_key", "secret_key"],
  walmart: ["consumer_id", "private_key"],
  aliexpress: ["app_key", "app_secret"],
  jumia: ["api_key"],
  generic: ["api_key"],
};

const CredentialName = z
  .string()
  .regex(CREDENTIAL_NAME_PATTERN, "must be a lowercase name such as client_secret (letters, digits, _)");
const CredentialValue = z.string().min(1).max(4096);
const tooMany = { message: `At most ${MAX_CREDENTIALS} credentials` };

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const marketplaceFields = {
  name: z.string().trim().min(1).max(100).describe("Shown to shoppers"),
  kind: ExternalMarketplaceKind,
  description: z.string().trim().max(2000).describe("A sentence or two for the Stores page"),
  logo_url: HttpUrl.nullable().describe("Square logo; null shows the store's initials"),
  website_url: HttpUrl.nullable().describe("The store's own site"),
  rating: z.number().min(0).max(5).nullable().describe("Average store rating 0–5"),
  currency: CurrencyCode.describe("Currency the store prices in"),
  ships_to: MarketplaceShipsTo,
  api_base_url: HttpUrl.nullable().describe("Base URL the adapter calls, e.g. https://api.ebay.com"),
  adapter_config: z
    .record(z.string().min(1).max(64), z.json())
    .describe(
      "Adapter settings by kind, e.g. eBay's marketplace_id, Amazon's region and partner_tag, the generic adapter's field mapping",
    ),
  time_budget_ms: z
    .number()
    .int()
    .min(100)
    .max(30_000)
    .describe(`How long a search waits for this store before cutting it off (default ${DEFAULT_TIME_BUDGET_MS})`),
  rate_limit_per_min: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .describe("Calls per minute the store allows; null: no limit"),
  active: z.boolean().describe("Inactive stores are hidden from shoppers and never searched"),
};

/** Write-only: encrypted at rest, never returned, never logged. */
export const CreateMarketplaceBody = z
  .object({
    code: MarketplaceCode,
    ...marketplaceFields,
    description: marketplaceFields.description.default(""),
    logo_url: marketplaceFields.logo_url.optional(),
    website_url: marketplaceFields.website_url.optional(),
    rating: marketplaceFields.rating.optional(),
    ships_to: marketplaceFields.ships_to.default("warehouse"),
    api_base_url: marketplaceFields.api_base_url.optional(),
    adapter_config: marketplaceFields.adapter_config.default({}),
    time_budget_ms: marketplaceFields.time_budget_ms.default(DEFAULT_TIME_BUDGET_MS),
    rate_limit_per_min: marketplaceFields.rate_limit_per_min.optional(),
    active: marketplaceFields.active.default(true),
    credentials: z
      .record(CredentialName, CredentialValue)
      .refine((c) => Object.keys(c).length <= MAX_CREDENTIALS, tooMany)
      .optional()
      .describe("Secrets the adapter sends (e.g. client_id, client_secret); write-only, stored encrypted"),
  })
  .strict();
export type CreateMarketplaceBody = z.input<typeof CreateMarketplaceBody>;

/** Omitted fields keep their value; `credentials` merges by name (a null value removes one, null removes all). */
export const UpdateMarketplaceBody = z
  .object({
    name: marketplaceFields.name.optional(),
    kind: MarketplaceKind.optional().describe("Adapter family; the house store keeps `house`"),
    description: marketplaceFields.description.optional(),
    logo_url: marketplaceFields.logo_url.optional(),
    website_url: marketplaceFields.website_url.optional(),
    rating: marketplaceFields.rating.optional(),
    currency: marketplaceFields.currency.optional(),
    ships_to: marketplaceFields.ships_to.optional(),
    api_base_url: marketplaceFields.api_base_url.optional(),
    adapter_config: marketplaceFields.adapter_config.optional().describe("Replaces the whole adapter config"),
    time_budget_ms: marketplaceFields.time_budget_ms.optional(),
    rate_limit_per_min: marketplaceFields.rate_limit_per_min.optional(),
    active: marketplaceFields.active.optional(),
    credentials: z
      .record(CredentialName, CredentialValue.nullable())
      .refine((c) => Object.keys(c).length <= MAX_CREDENTIALS, tooMany)
      .nullable()
      .optional()
      .describe(
        "Leave out to keep the saved ones; a name with a value sets it, with null removes it; null removes all",
      ),
  })
  .strict();
export type UpdateMarketplaceBody = z.input<typeof UpdateMarketplaceBody>;

export const AdminMarketplaceResponse = MarketplaceResponse.extend({
  api_base_url: z.string().nullable(),
  adapter_config: z.record(z.string(), z.json()),
  time_budget_ms: z.number().int(),
  rate_limit_per_min: z.number().int().nullable(),
  has_credentials: z.boolean().describe("Whether secrets are stored; their values are never returned"),
  credential_names: z.array(z.string()).describe("Names of the stored secrets, e.g. client_id"),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type AdminMarketplaceResponse = z.infer<typeof AdminMarketplaceResponse>;

export const AdminMarketplaceListResponse = z.object({
  items: z.array(AdminMarketplaceResponse),
  total: z.number().int(),
});
export type AdminMarketplaceListResponse = z.infer<typeof AdminMarketplaceListResponse>;

export const MarketplaceRemovedResponse = z.object({
  code: z.string(),
  outcome: z
    .enum(["deleted", "deactivated"])
    .describe("deleted: gone; deactivated: it still has products, so it is hidden and never searched instead"),
  detail: z.string(),
});
export type MarketplaceRemovedResponse = z.infer<typeof MarketplaceRemovedResponse>;
