import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { z } from "zod";
import { UpstreamError } from "../../../platform/errors.ts";
import type { MarketplaceAdapter } from "./adapter.ts";
import { createAliExpressAdapter } from "./aliexpress/aliexpress.adapter.ts";
import { createAmazonAdapter } from "./amazon/amazon.adapter.ts";
import { createEbayAdapter } from "./ebay/ebay.adapter.ts";
import { createGenericAdapter, parseGenericMapping } from "./generic/generic.adapter.ts";
import { JUMIA_MAPPING } from "./generic/jumia.mapping.ts";
import { createThrottleRegistry, type ThrottleRegistry } from "./throttle.ts";
import { createWalmartAdapter } from "./walmart/walmart.adapter.ts";

/** What createAdapter reads of a marketplace (a registry row has all of it). */
export type AdapterMarketplace = {
  code: string;
  kind: string;
  currency: string;
  apiBaseUrl: string | null;
  /** Settings by kind, snake_case as the admin API takes them (see README). */
  adapterConfig: Record<string, unknown>;
  /** Calls a minute the marketplace allows; the Amazon adapter spaces its calls by it (default 60). */
  rateLimitPerMin: number | null;
};

export type AdapterDeps = {
  /** The marketplace's secrets, decrypted by the registry (client_id, secret_key, api_key, ...). */
  credentials: Record<string, string>;
  /** Shared per process so every caller of one marketplace queues behind one throttle. */
  throttles?: ThrottleRegistry;
};

/** Kinds with an adapter; the house store is searched in the database. */
export const ADAPTER_KINDS = ["ebay", "amazon", "walmart", "aliexpress", "jumia", "generic"] as const;

const defaultThrottles = createThrottleRegistry();
/** Slack added to the spacing of throttled calls: a tenth of the interval, at most 100 ms. */
const throttleInterval = (perMin: number) => {
  const interval = Math.ceil(60_000 / perMin);
  return interval + Math.min(100, Math.ceil(interval / 10));
};

const EbayConfig = z.object({
  marketplace_id: z.string().min(1).optional(),
  category_map: z.record(z.string(), z.string()).optional(),
});
const AmazonConfig = z.object({
  partner_tag: z.string().min(1),
  region: z.string().min(1).optional(),
  marketplace: z.string().min(1).optional(),
  search_index_map: z.record(z.string(), z.string()).optional(),
});
const WalmartConfig = z.object({
  key_version: z.string().min(1).optional(),
  publisher_id: z.string().min(1).optional(),
  category_map: z.record(z.string(), z.string()).optional(),
});
const AliExpressConfig = z.object({
  tracking_id: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  category_map: z.record(z.string(), z.string()).optional(),
});

/**
 * The adapter for a marketplace, chosen by its kind. Throws UpstreamError
 * (MARKETPLACE_MISCONFIGURED) when the kind has no adapter or the marketplace lacks its base URL,
 * a credential or a setting the adapter needs. Create it once per configuration and reuse it:
 * an eBay adapter caches its token.
 */
export function createAdapter(marketplace: AdapterMarketplace, deps: AdapterDeps): MarketplaceAdapter {
  const { code } = marketplace;
  const misconfigured = (why: string) => new UpstreamError(E.MARKETPLACE_MISCONFIGURED, `${code}: ${why}`);
  const baseUrl = marketplace.apiBaseUrl;
  if (!baseUrl) throw misconfigured("no api_base_url");
  const secret = (name: string): string => {
    const v = deps.credentials[name];
    if (!v) throw misconfigured(`the credential ${name} is missing`);
    return v;
  };
  const config = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(marketplace.adapterConfig);
    if (parsed.success) return parsed.data;
    throw misconfigured(
      `adapter_config: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
    );
  };

  switch (marketplace.kind) {
    case "ebay": {
      const c = config(EbayConfig);
      return createEbayAdapter({
        code,
        baseUrl,
        currency: marketplace.currency,
        clientId: secret("client_id"),
        clientSecret: secret("client_secret"),
        marketplaceId: c.marketplace_id,
        categoryMap: c.category_map,
      });
    }
    case "amazon": {
      const c = config(AmazonConfig);
      const perMin = marketplace.rateLimitPerMin ?? 60;
      const throttles = deps.throttles ?? defaultThrottles;
      return createAmazonAdapter({
        code,
        baseUrl,
        currency: marketplace.currency,
        accessKey: secret("access_key"),
        secretKey: secret("secret_key"),
        partnerTag: c.partner_tag,
        region: c.region,
        marketplace: c.marketplace,
        searchIndexMap: c.search_index_map,
        // Amazon counts arrivals; a little slack keeps network jitter from landing two in one second
        // (proportional, so a 10 request/s grant is not halved by a fixed 100 ms).
        throttle: throttles.for(code, throttleInterval(perMin)),
      });
    }
    case "walmart": {
      const c = config(WalmartConfig);
      return createWalmartAdapter({
        code,
        baseUrl,
        currency: marketplace.currency,
        consumerId: secret("consumer_id"),
        privateKey: secret("private_key"),
        keyVersion: c.key_version,
        publisherId: c.publisher_id,
        categoryMap: c.category_map,
      });
    }
    case "aliexpress": {
      const c = config(AliExpressConfig);
      return createAliExpressAdapter({
        code,
        baseUrl,
        currency: marketplace.currency,
        appKey: secret("app_key"),
        appSecret: secret("app_secret"),
        trackingId: c.tracking_id,
        language: c.language,
        categoryMap: c.category_map,
      });
    }
    case "jumia":
    case "generic":
      return createGenericAdapter({
        code,
        kind: marketplace.kind,
        baseUrl,
        currency: marketplace.currency,
        mapping: parseGenericMapping(
          code,
          marketplace.kind === "jumia" && Object.keys(marketplace.adapterConfig).length === 0
            ? JUMIA_MAPPING
            : marketplace.adapterConfig,
        ),
        apiKey: deps.credentials.api_key,
      });
    default:
      throw misconfigured(`no adapter for kind ${marketplace.kind}`);
  }
}
