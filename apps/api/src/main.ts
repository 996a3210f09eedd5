import {
  AMAZON_DEV_ACCESS_KEY,
  AMAZON_DEV_PARTNER_TAG,
  AMAZON_DEV_SECRET_KEY,
  type AmazonSimulator,
  startAmazon,
} from "@sokoni/sandbox/amazon";
import { startDaraja } from "@sokoni/sandbox/daraja";
import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, type EbaySimulator, startEbay } from "@sokoni/sandbox/ebay";
import { JUMIA_DEV_API_KEY, type JumiaSimulator, startJumia } from "@sokoni/sandbox/jumia";
import { startMockGateway } from "@sokoni/sandbox/mock-gateway";
import { startStripe } from "@sokoni/sandbox/stripe";
import { buildApp, createAppMailer, createModules } from "./app.ts";
import { bootstrap } from "./bootstrap.ts";
import type { Config } from "./config.ts";
import { systemCtx } from "./platform/ctx.ts";
import { createJobQueue, createJobs } from "./platform/jobs/queue.ts";
import { loadConfigOrExit, openRuntime, prepareDatabase } from "./runtime.ts";
import { connectDemoMarketplaces, type DemoMarketplaceTargets } from "./seed/demo-marketplaces.ts";
import { DEMO_LOGINS } from "./seed/seed.ts";
import { hasWebBuild, WEB_DIST, webApp } from "./web/index.ts";
import { runWorker } from "./worker.ts";

/** `npm start`: migrate, bootstrap, serve the API and run the worker in this one process. */
async function main() {
  let config = loadConfigOrExit();
  // No MOCK_GATEWAY_URL: the sandbox simulator runs in this process so the mock provider works offline.
  const mockGateway = config.payments.mockGateway.url
    ? undefined
    : await startMockGateway({ secret: config.payments.mockGateway.secret });
  if (mockGateway) {
    config = {
      ...config,
      payments: { ...config.payments, mockGateway: { ...config.payments.mockGateway, url: mockGateway.url } },
    };
  }
  // No MPESA_BASE_URL (and MPESA_ENV=sandbox): the Daraja simulator runs here, with the same
  // credentials, shortcode and passkey, and calls back the app's own hook URL.
  const mpesa = config.payments.mpesa;
  const daraja =
    mpesa.baseUrl || config.env === "production"
      ? undefined
      : await startDaraja({
          consumerKey: mpesa.consumerKey,
          consumerSecret: mpesa.consumerSecret,
          shortcode: mpesa.shortcode,
          passkey: mpesa.passkey,
          callbackDelayMs: 3000,
        });
  if (daraja) {
    config = { ...config, payments: { ...config.payments, mpesa: { ...mpesa, baseUrl: daraja.url } } };
  }
  // No STRIPE_API_BASE (outside production): the Stripe simulator runs here with the development
  // keys and sends its signed events to this app's webhook endpoint.
  const stripe = config.payments.stripe;
  const stripeSim =
    stripe.apiBase || config.env === "production"
      ? undefined
      : await startStripe({
          secretKey: stripe.secretKey,
          webhookSecret: stripe.webhookSecret,
          webhookUrl: `${config.http.publicUrl.replace(/\/+$/, "")}/api/stripe/webhook`,
        });
  if (stripeSim) {
    config = { ...config, payments: { ...config.payments, stripe: { ...stripe, apiBase: stripeSim.url } } };
  }
  // No EBAY_API_BASE / AMAZON_API_BASE / JUMIA_API_BASE (outside production): the marketplace
  // simulators run here (50–300 ms latency) and the demo's stores are pointed at them below.
  const demoBases = config.marketplaces.demoApiBases;
  const simulate = (base: string | undefined) => base === undefined && config.env !== "production";
  const [ebaySim, amazonSim, jumiaSim] = await Promise.all([
    simulate(demoBases.ebay) ? startEbay() : undefined,
    simulate(demoBases.amazon) ? startAmazon() : undefined,
    simulate(demoBases.jumia) ? startJumia() : undefined,
  ]);
  const { logger, database } = await openRuntime(config);
  await prepareDatabase(database);
  const queue = createJobQueue(database, { supervise: false });
  // Without SMTP_URL the local mail catcher starts with the first email the worker sends.
  const mailer = createAppMailer(config, database, logger);
  const modules = createModules(config, { jobs: createJobs(queue), mailer });
  const report = await bootstrap(systemCtx(database.db, logger, "bootstrap"), modules, config);
  const connected = await connectDemoMarketplaces(
    systemCtx(database.db, logger, "bootstrap"),
    modules.marketplaces,
    demoTargets(demoBases, { ebay: ebaySim, amazon: amazonSim, jumia: jumiaSim }, config.env !== "production"),
  );
  const app = await buildApp({ config, database, logger, modules, queue });
  // The storefront, when built (`npm start` builds it first when missing or stale).
  const webBuilt = hasWebBuild();
  if (webBuilt) await app.register(webApp, { root: WEB_DIST });
  if (daraja) {
    // So the simulator's C2B "simulate" reaches this app (a real shortcode registers once, by hand).
    await modules.mpesa.registerC2bUrls().catch((err) => logger.warn({ err }, "C2B URL registration failed"));
  }
  const stopWorker = config.runWorker ? await runWorker(modules, database, logger) : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    // Stop taking requests, let in-flight ones finish, then stop jobs and close the database.
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await app.close();
      await stopWorker?.();
      await mailer.close();
      await mockGateway?.close();
      await stripeSim?.close();
      await daraja?.close();
      await Promise.all([ebaySim?.close(), amazonSim?.close(), jumiaSim?.close()]);
      await database.close();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const address = await app.listen({ port: config.http.port, host: config.http.host });
  const port = new URL(address).port;
  const url = `http://localhost:${port}`;
  const lines = [
    "",
    `  Sokoni is running at ${url}${webBuilt ? "" : " (API only: the web app is not built, run npm run build:web)"}`,
    `  API docs: ${url}/api/docs   database: ${database.kind === "pglite" ? `embedded PGlite in ${config.db.dataDir}` : "PostgreSQL"}`,
  ];
  if (mockGateway) lines.push(`  Mock payment gateway (in-process): ${mockGateway.url}`);
  if (stripeSim) lines.push(`  Stripe simulator (in-process): ${stripeSim.url}  test card 4242 4242 4242 4242`);
  if (daraja) {
    lines.push(
      `  M-Pesa: Daraja simulator (in-process) at ${daraja.url}; phones ending 1032/1037/2001/0001/9999 fail or lose the callback`,
    );
  }
  const running = (
    [
      ["eBay", ebaySim],
      ["Amazon", amazonSim],
      ["Jumia", jumiaSim],
    ] as const
  ).flatMap(([name, sim]) => (sim ? [`${name} ${sim.url}`] : []));
  if (running.length > 0) lines.push(`  Marketplace simulators (in-process): ${running.join(", ")}`);
  for (const { code, outcome } of connected) {
    if (outcome === "kept") lines.push(`  Marketplace ${code} points elsewhere (set by an admin); left as it is`);
  }
  if (mailer.mode === "catcher") lines.push(`  Emails (no SMTP_URL): caught locally, see ${url}/api/admin/emails`);
  if (config.bootstrap.seedDemo) {
    lines.push("  Demo logins:");
    for (const login of DEMO_LOGINS) lines.push(`    ${login.role.padEnd(8)} ${login.email} / ${login.password}`);
  }
  if (report.adminEnsured) lines.push(`  Admin from ADMIN_EMAIL: ${config.bootstrap.adminEmail}`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

type Simulators = { ebay?: EbaySimulator; amazon?: AmazonSimulator; jumia?: JumiaSimulator };

/**
 * Each demo marketplace's target: its simulator here, or the configured base URL (a real store or
 * a standalone `npm run sandbox`, whose development credentials fill in what an admin has not set;
 * never in production, where an admin enters the real ones).
 */
function demoTargets(
  bases: Config["marketplaces"]["demoApiBases"],
  sims: Simulators,
  devCredentials: boolean,
): DemoMarketplaceTargets {
  const targets: DemoMarketplaceTargets = {};
  const dev = (credentials: Record<string, string>) => (devCredentials ? credentials : {});
  const ebayBase = sims.ebay?.url ?? bases.ebay;
  if (ebayBase) {
    targets.ebay = {
      apiBaseUrl: ebayBase,
      simulated: sims.ebay !== undefined,
      credentials: dev({ client_id: EBAY_DEV_CLIENT_ID, client_secret: EBAY_DEV_CLIENT_SECRET }),
    };
  }
  const amazonBase = sims.amazon?.url ?? bases.amazon;
  if (amazonBase) {
    targets.amazon = {
      apiBaseUrl: amazonBase,
      simulated: sims.amazon !== undefined,
      credentials: dev({ access_key: AMAZON_DEV_ACCESS_KEY, secret_key: AMAZON_DEV_SECRET_KEY }),
      adapterConfig: devCredentials
        ? { partner_tag: AMAZON_DEV_PARTNER_TAG, region: sims.amazon?.region ?? "us-east-1" }
        : undefined,
    };
  }
  const jumiaBase = sims.jumia?.url ?? bases.jumia;
  if (jumiaBase) {
    targets.jumia = {
      apiBaseUrl: jumiaBase,
      simulated: sims.jumia !== undefined,
      credentials: dev({ api_key: JUMIA_DEV_API_KEY }),
    };
  }
  return targets;
}

main().catch((err) => {
  process.stderr.write(`Sokoni failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
