import { SingleBar } from "cli-progress";
import type { Config } from "../config.ts";
import type { Ctx } from "../platform/ctx.ts";
import { DEMO_PRODUCT_COUNT, isCatalogEmpty, type SeedModules, type SeedSummary, seedDemo } from "./seed.ts";

export type RunSeedOptions = { products?: number };

/**
 * Body of `npm run cli -- seed [--products N]`: loads the demo shop (or a large catalog for
 * benchmarks) into an empty database with a progress bar on stderr. Refuses a non-empty catalog,
 * because the generated rows would collide with the ones already there.
 */
export async function runSeed(
  ctx: Ctx,
  modules: SeedModules,
  config: Config,
  opts: RunSeedOptions = {},
): Promise<SeedSummary | undefined> {
  if (!(await isCatalogEmpty(ctx, modules))) {
    const count = await modules.catalog.countProducts(ctx);
    process.stderr.write(
      `The catalog already holds ${count} products; seed only fills an empty one.\n` +
        "Point DATABASE_URL at an empty database (or remove the PGlite data folder) and run it again.\n",
    );
    return undefined;
  }
  const total = opts.products ?? DEMO_PRODUCT_COUNT;
  const bar = new SingleBar({
    format: "seeding  [{bar}] {percentage}% | {value}/{total} products | {rate}/s | ETA {eta}s",
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  });
  const started = performance.now();
  bar.start(total, 0, { rate: 0 });
  let summary: SeedSummary;
  try {
    summary = await seedDemo(ctx, modules, {
      products: total,
      storeCurrency: config.storeCurrency,
      // A PostgreSQL pool takes several batches at once; PGlite has a single connection.
      concurrency: config.db.url ? 4 : 1,
      onProgress: (done) => {
        const seconds = (performance.now() - started) / 1000;
        bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
      },
    });
  } finally {
    bar.stop();
  }
  process.stdout.write(
    `Seeded ${summary.products} products in ${summary.categories} categories across ${summary.marketplaces} marketplaces ` +
      `in ${(summary.durationMs / 1000).toFixed(1)} s.\n`,
  );
  return summary;
}
