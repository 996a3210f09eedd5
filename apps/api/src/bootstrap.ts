import type { Modules } from "./app.ts";
import type { Config } from "./config.ts";
import type { Ctx } from "./platform/ctx.ts";
import { isCatalogEmpty, seedDemo } from "./seed/seed.ts";

export type BootstrapReport = { seeded: boolean; adminEnsured: boolean };

/**
 * What every start does after migrating: the house store and default fx rates exist, the
 * configured admin exists, and an empty catalog gets the demo shop when SEED_DEMO allows.
 */
export async function bootstrap(ctx: Ctx, modules: Modules, config: Config): Promise<BootstrapReport> {
  await modules.marketplaces.ensureHouseMarketplace(ctx, config.storeCurrency);
  await modules.catalog.ensureDefaultFxRates(ctx);
  let adminEnsured = false;
  const { adminEmail, adminPassword } = config.bootstrap;
  if (adminEmail && adminPassword) {
    await modules.identity.ensureUser(ctx, { email: adminEmail, password: adminPassword, role: "admin" });
    adminEnsured = true;
  }
  let seeded = false;
  if (config.bootstrap.seedDemo && (await isCatalogEmpty(ctx, modules))) {
    const summary = await seedDemo(ctx, modules, { storeCurrency: config.storeCurrency });
    ctx.log.info({ summary }, "demo data seeded");
    seeded = true;
  }
  return { seeded, adminEnsured };
}
