import { createServer } from "node:net";
import { type MockGateway, startMockGateway } from "@sokoni/sandbox/mock-gateway";
import { buildApp, createModules } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createPaymentsModule, type PaymentSettled } from "../src/modules/payments/index.ts";
import { systemCtx } from "../src/platform/ctx.ts";
import { createLogger } from "../src/platform/log.ts";
import { TEST_ENV, type TestApp } from "./test-app.ts";
import { createTestDatabase } from "./test-db.ts";

export const TEST_MOCK_GATEWAY_SECRET = "test-mock-gateway-secret-0123456789";

/** The sandbox's mock gateway on 127.0.0.1 with quick retries, for one test file. */
export function startTestMockGateway(): Promise<MockGateway> {
  return startMockGateway({ secret: TEST_MOCK_GATEWAY_SECRET, retryDelaysMs: [50, 100, 200], deliveryTimeoutMs: 5000 });
}

export type PaymentsTestApp = TestApp & {
  gateway: MockGateway;
  /** Base URL the API listens on (the gateway calls back here). */
  apiUrl: string;
  /** Every onSettled call, in order. */
  settled: PaymentSettled[];
};

/**
 * The real app listening on 127.0.0.1, talking to a real mock gateway over HTTP, with onSettled
 * recorded instead of wired to orders.
 */
export async function createPaymentsTestApp(): Promise<PaymentsTestApp> {
  const gateway = await startTestMockGateway();
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    ...TEST_ENV,
    DATA_DIR: "/tmp/sokoni-test-data",
    PUBLIC_URL: apiUrl,
    MOCK_GATEWAY_URL: gateway.url,
    MOCK_GATEWAY_SECRET: TEST_MOCK_GATEWAY_SECRET,
  });
  const database = await createTestDatabase();
  const logger = createLogger(config.logLevel);
  const settled: PaymentSettled[] = [];
  const modules = createModules(config);
  modules.payments = createPaymentsModule({
    wallet: modules.wallet,
    config: { publicUrl: config.http.publicUrl, mockGateway: config.payments.mockGateway },
    onSettled: async (_ctx, e) => {
      settled.push(e);
    },
  });
  const app = await buildApp({ config, database, logger, modules });
  await app.listen({ port, host: "127.0.0.1" });
  return {
    app,
    database,
    config,
    modules,
    ctx: systemCtx(database.db, logger, "test"),
    gateway,
    apiUrl,
    settled,
    async close() {
      await gateway.close();
      await app.close();
      await database.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
