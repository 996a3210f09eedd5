import type { MarketplacesModule } from "../modules/marketplaces/index.ts";
import type { Ctx } from "../platform/ctx.ts";
import type { DemoMarketplace } from "./demo-catalog.ts";

/** Where one of the demo's marketplaces is reached, and what it needs to be called. */
export type DemoMarketplaceTarget = {
  apiBaseUrl: string;
  /**
   * True for a simulator this process started: its port changes with every start, and it is the
   * only thing the row's loopback URL can mean, so its credentials and config are set every time.
   * False for a URL from the configuration (EBAY_API_BASE, ...): credentials and config an admin
   * saved are kept; the simulators' development ones only fill in what is missing.
   */
  simulated: boolean;
  credentials: Record<string, string>;
  adapterConfig?: Record<string, unknown>;
};

export type DemoMarketplaceTargets = Partial<Record<DemoMarketplace["code"], DemoMarketplaceTarget>>;

export type ConnectOutcome = {
  code: DemoMarketplace["code"];
  /** connected: the row now points at the target; kept: an admin pointed it elsewhere; missing: no such demo row. */
  outcome: "connected" | "kept" | "missing";
};

const DEMO_KINDS: Record<DemoMarketplace["code"], DemoMarketplace["kind"]> = {
  jumia: "jumia",
  amazon: "amazon",
  ebay: "ebay",
};

/**
 * Points the seeded jumia/amazon/ebay marketplaces at their targets through the registry, so
 * credentials are sealed like any admin-entered ones. A row an admin pointed at a non-loopback
 * URL is left alone when the target is an in-process simulator.
 */
export async function connectDemoMarketplaces(
  ctx: Ctx,
  marketplaces: Pick<MarketplacesModule, "findMarketplaceByCode" | "updateMarketplace">,
  targets: DemoMarketplaceTargets,
): Promise<ConnectOutcome[]> {
  const outcomes: ConnectOutcome[] = [];
  for (const [code, target] of Object.entries(targets) as [DemoMarketplace["code"], DemoMarketplaceTarget][]) {
    const row = await marketplaces.findMarketplaceByCode(ctx, code);
    if (!row || row.kind !== DEMO_KINDS[code]) {
      outcomes.push({ code, outcome: "missing" });
      continue;
    }
    if (target.simulated && row.apiBaseUrl && !isLoopbackUrl(row.apiBaseUrl)) {
      ctx.log.warn({ code, apiBaseUrl: row.apiBaseUrl }, "demo marketplace points elsewhere; simulator not connected");
      outcomes.push({ code, outcome: "kept" });
      continue;
    }
    const fillOnly = !target.simulated;
    const adapterConfig = fillOnly
      ? { ...target.adapterConfig, ...row.adapterConfig }
      : { ...row.adapterConfig, ...target.adapterConfig };
    const credentials = fillOnly && row.credentialNames.length > 0 ? undefined : target.credentials;
    await marketplaces.updateMarketplace(ctx, code, { apiBaseUrl: target.apiBaseUrl, adapterConfig, credentials });
    outcomes.push({ code, outcome: "connected" });
  }
  return outcomes;
}

/** localhost, 127.0.0.0/8 or ::1: a simulator on this machine, never a real store. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
