import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { dashboardRoutes } from "./admin/dashboard.routes.ts";
import type { Config } from "./config.ts";
import { mediaRoutes } from "./media/index.ts";
import { cartRoutes, cartTokenOf, createCartModule, mergeGuestCartOnSignIn } from "./modules/cart/index.ts";
import { catalogRoutes, createCatalogModule } from "./modules/catalog/index.ts";
import { checkoutRoutes, createCheckoutModule } from "./modules/checkout/index.ts";
import { createIdentityModule, identityRoutes } from "./modules/identity/index.ts";
import {
  createAdapterPool,
  createMarketplaceSearch,
  createMarketplacesModule,
  marketplacesRoutes,
} from "./modules/marketplaces/index.ts";
import { createNotificationsModule, notificationsRoutes, storeCaughtEmail } from "./modules/notifications/index.ts";
import { createOrdersModule, ordersRoutes, toOrderResponse } from "./modules/orders/index.ts";
import {
  createMpesaProvider,
  createPaymentsModule,
  mpesaRoutes,
  paymentsRoutes,
  stripeRoutes,
  toPaymentResponse,
  toRefundResponse,
} from "./modules/payments/index.ts";
import { createSupportModule, supportRoutes } from "./modules/support/index.ts";
import { createWalletModule, walletRoutes } from "./modules/wallet/index.ts";
import { createAccessTokens } from "./platform/access-token.ts";
import { systemCtx } from "./platform/ctx.ts";
import type { Database } from "./platform/db.ts";
import { registerAuth } from "./platform/http/auth.ts";
import { registerErrorHandling } from "./platform/http/error-handler.ts";
import { registerHealth } from "./platform/http/health.ts";
import { jobsAdminRoutes } from "./platform/http/jobs-admin.ts";
import { genRequestId } from "./platform/http/request-id.ts";
import { createJobQueue, createJobs, type JobQueue, type Jobs } from "./platform/jobs/queue.ts";
import type { Logger } from "./platform/log.ts";
import { createMailer, type Mailer } from "./platform/mailer.ts";
import { registerMetrics } from "./platform/metrics.ts";

export type AppDeps = {
  config: Config;
  database: Database;
  logger: Logger;
  modules?: Modules;
  /** For the job admin routes; default: a queue on `database` (enqueue and admin only, no worker). */
  queue?: JobQueue;
};

/** What modules need from the process: how to enqueue jobs and, where emails are delivered, a mailer. */
export type ModuleDeps = {
  /** Default: enqueueing throws (for CLI commands that never enqueue). */
  jobs?: Jobs;
  /** Only the worker sends email; elsewhere it may be left out. */
  mailer?: Mailer;
};

const noJobs: Jobs = {
  send: async (_ctx, name) => {
    throw new Error(`cannot enqueue ${name}: createModules was given no jobs`);
  },
};

/**
 * The process's mailer: SMTP_URL, or a local catcher (started with the first send) whose catches
 * are stored for the admin mailbox. Close it on shutdown.
 */
export function createAppMailer(config: Config, database: Database, log: Logger): Mailer {
  return createMailer(config.mail, {
    log,
    onCaught: (mail) => storeCaughtEmail(systemCtx(database.db, log, "mail-catcher"), mail),
  });
}

/** Creates the modules in dependency order. Used by the HTTP app, the CLI and the worker alike. */
export function createModules(config: Config, deps: ModuleDeps = {}) {
  const jobs = deps.jobs ?? noJobs;
  const tokens = createAccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtl);
  const marketplaces = createMarketplacesModule({ credentialsKeys: config.marketplaces.credentialsKeys });
  // One adapter per marketplace for the process (an eBay token, an Amazon throttle outlive a
  // search), shared by the search fan-out and the catalog's re-checks before checkout.
  const adapterPool = createAdapterPool();
  const marketplaceSearch = createMarketplaceSearch({
    marketplaces,
    pool: adapterPool,
    fanOut: { ...config.search, cacheMax: 2_000 },
  });
  const catalog = createCatalogModule({
    marketplaces,
    storeCurrency: config.storeCurrency,
    marketplaceSearch,
    adapterPool,
  });
  const identity = createIdentityModule({ auth: config.auth, tokens });
  const wallet = createWalletModule({ storeCurrency: config.storeCurrency });
  // The STK prompt shows the order number; orders are created below, reached late like checkout.
  const mpesa = createMpesaProvider(config.payments.mpesa, {
    orderNumberOf: async (ctx, orderId) =>
      (await orders.getOrder(systemCtx(ctx.db, ctx.log, ctx.requestId), orderId)).number,
  });
  const payments = createPaymentsModule({
    wallet,
    config: {
      publicUrl: config.http.publicUrl,
      mockGateway: config.payments.mockGateway,
      stripe: config.payments.stripe,
    },
    // Checkout is created below and depends on payments; the settlement hook reaches it late.
    onSettled: (ctx, e) => checkout.onPaymentSettled(ctx, e),
    providers: [mpesa],
  });
  const cart = createCartModule({ catalog, storeCurrency: config.storeCurrency });
  const notifications = createNotificationsModule({
    jobs,
    mailer: deps.mailer,
    from: config.mail.from,
    publicUrl: config.http.publicUrl,
  });
  const orders = createOrdersModule({ storeCurrency: config.storeCurrency, secret: config.auth.jwtSecret });
  const checkout = createCheckoutModule({
    catalog,
    cart,
    identity,
    orders,
    payments,
    wallet,
    notifications,
    jobs,
    paymentTimeoutSeconds: config.orders.paymentTimeoutSeconds,
  });
  const support = createSupportModule({ notifications, orders, identity });
  return {
    tokens,
    marketplaces,
    catalog,
    identity,
    cart,
    wallet,
    mpesa,
    payments,
    notifications,
    orders,
    checkout,
    support,
  };
}
export type Modules = ReturnType<typeof createModules>;

/** Composition root of the HTTP API. */
export async function buildApp({
  config,
  database,
  logger,
  queue = createJobQueue(database, { supervise: false }),
  modules = createModules(config, { jobs: createJobs(queue) }),
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    genReqId: genRequestId,
    logController: new LogController({ requestIdLogLabel: "request_id" }),
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.env === "production",
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  registerErrorHandling(app);

  await app.register(helmet, {
    // The API docs page needs inline scripts/styles from swagger-ui; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Pictures are the stores' own URLs, shown as they are: https only in production; in
        // development and tests the sandbox simulators serve theirs from http://127.0.0.1:<port>.
        imgSrc: [
          "'self'",
          "data:",
          "https:",
          ...(config.env === "production" ? [] : ["http://127.0.0.1:*", "http://localhost:*"]),
        ],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
  await app.register(cors, {
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    credentials: true,
    exposedHeaders: ["x-request-id", "retry-after"],
  });
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Sokoni API",
        version: "0.1.0",
        description:
          "One shop window over many stores. Errors are RFC 9457 problem+json; money is a decimal string in major units beside its ISO 4217 currency.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
          orderKey: {
            type: "apiKey",
            in: "header",
            name: "X-Order-Key",
            description: "A guest's key to one order: `order_access_key` from their checkout",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, { db: database.db, tokens: modules.tokens });
  registerMetrics(app);
  registerHealth(app, database);

  await app.register(identityRoutes, {
    prefix: "/api",
    identity: modules.identity,
    auth: config.auth,
    onSignedIn: mergeGuestCartOnSignIn(modules.cart),
    secureCookie: config.env === "production" || config.http.publicUrl.startsWith("https:"),
  });
  await app.register(marketplacesRoutes, { prefix: "/api", marketplaces: modules.marketplaces });
  await app.register(catalogRoutes, { prefix: "/api", catalog: modules.catalog });
  await app.register(cartRoutes, { prefix: "/api", cart: modules.cart, secureCookie: config.env === "production" });
  await app.register(walletRoutes, {
    prefix: "/api",
    wallet: modules.wallet,
    storeCurrency: config.storeCurrency,
    assertUser: async (ctx, userId) => void (await modules.identity.getUser(ctx, userId)),
  });
  await app.register(paymentsRoutes, { prefix: "/api", payments: modules.payments });
  await app.register(stripeRoutes, { prefix: "/api", payments: modules.payments });
  await app.register(mpesaRoutes, {
    payments: modules.payments,
    mpesa: modules.mpesa,
    payOrder: (ctx, orderId, phoneNumber) =>
      modules.checkout.payOrder(ctx, orderId, { paymentMethod: "mpesa", phoneNumber }),
    orderByNumber: (ctx, number) => modules.orders.findOrderByNumber(systemCtx(ctx.db, ctx.log, ctx.requestId), number),
  });
  await app.register(ordersRoutes, {
    prefix: "/api",
    orders: modules.orders,
    paymentsOf: async (ctx, orderId) =>
      (await modules.payments.listPaymentsForOrder(ctx, orderId)).map(toPaymentResponse),
  });
  await app.register(checkoutRoutes, {
    prefix: "/api",
    checkout: modules.checkout,
    orders: modules.orders,
    cartOwnerOf: (req) => ({
      userId: req.ctx.actor.kind === "user" ? req.ctx.actor.userId : undefined,
      token: cartTokenOf(req),
    }),
    toOrderResponse,
    toPaymentResponse,
    toRefundResponse,
  });
  await app.register(notificationsRoutes, { prefix: "/api", notifications: modules.notifications });
  await app.register(supportRoutes, {
    prefix: "/api",
    support: modules.support,
    rateLimit: { max: config.support.rateLimit, windowSeconds: config.support.rateWindow },
  });
  await app.register(jobsAdminRoutes, { prefix: "/api", queue });
  await app.register(dashboardRoutes, { prefix: "/api", storeCurrency: config.storeCurrency });
  await app.register(mediaRoutes);

  return app;
}
