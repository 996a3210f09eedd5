import { createServer } from "node:net";
import { type MockGateway, startMockGateway } from "@sokoni/sandbox/mock-gateway";
import { createPaymentsModule, type PaymentSettled } from "../src/modules/payments/index.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

export const TEST_MOCK_GATEWAY_SECRET = "test-mock-gateway-secret-0123456789";

/** The sandbox's mock gateway on 127.0.0.1 with quick retries, for one test file. */
export function startTestMockGateway(): Promise<MockGateway> {
  return startMockGateway({ secret: TEST_MOCK_GATEWAY_SECRET, retryDelaysMs: [50, 100, 200], deliveryTimeoutMs: 5000 });
}

/** Environment that points an app at `gateway` and makes it reachable for callbacks at `apiUrl`. */
export function mockGatewayEnv(gateway: MockGateway, apiUrl: string): Record<string, string> {
  return { PUBLIC_URL: apiUrl, MOCK_GATEWAY_URL: gateway.url, MOCK_GATEWAY_SECRET: TEST_MOCK_GATEWAY_SECRET };
}

export type PaymentsTestApp = TestApp & {
  gateway: MockGateway;
  /** Base URL the API listens on (the gateway calls back here). */
  apiUrl: string;
  /** Every onSettled call, in order. */
  settled: PaymentSettled[];
};

/**
 * The real app listening on 127.0.0.1, talking to a real mock gateway over HTTP. With
 * `recordSettled` (default) the payments module's onSettled only records, instead of settling
 * orders, so payments can be tested without orders.
 */
export async function createPaymentsTestApp(opts: { recordSettled?: boolean } = {}): Promise<PaymentsTestApp> {
  const gateway = await startTestMockGateway();
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const settled: PaymentSettled[] = [];
  const t = await createTestApp(mockGatewayEnv(gateway, apiUrl), {
    modules: (m) => {
      if (opts.recordSettled === false) return;
      m.payments = createPaymentsModule({
        wallet: m.wallet,
        config: { publicUrl: apiUrl, mockGateway: { url: gateway.url, secret: TEST_MOCK_GATEWAY_SECRET } },
        onSettled: async (_ctx, e) => {
          settled.push(e);
        },
      });
    },
  });
  await t.app.listen({ port, host: "127.0.0.1" });
  return {
    ...t,
    gateway,
    apiUrl,
    settled,
    async close() {
      await gateway.close();
      await t.close();
    },
  };
}

/** A port free right now on 127.0.0.1 (the app must know its public URL before it listens). */
export function freePort(): Promise<number> {
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
