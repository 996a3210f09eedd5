import type { MockGateway } from "@sokoni/sandbox/mock-gateway";
import { freePort, startTestMockGateway, TEST_MOCK_GATEWAY_SECRET } from "../../apps/api/test/mock-gateway.ts";
import { createTestApp, type TestApp, type TestAppOptions } from "../../apps/api/test/test-app.ts";

/**
 * The whole shop for a flow test: the real API listening on 127.0.0.1 over a fresh database,
 * talking to the sandbox's mock gateway over real HTTP (and the gateway calling back).
 */
export type Shop = TestApp & {
  url: string;
  gateway: MockGateway;
  /** A JSON request over real HTTP; `token` signs in, `headers` add to it. */
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: flow tests read many response shapes; assertions check them
  ): Promise<{ status: number; body: any; headers: Headers }>;
};

export async function startShop(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<Shop> {
  const gateway = await startTestMockGateway();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createTestApp(
    {
      PUBLIC_URL: url,
      MOCK_GATEWAY_URL: gateway.url,
      MOCK_GATEWAY_SECRET: TEST_MOCK_GATEWAY_SECRET,
      DATABASE_POOL_SIZE: "30",
      ...env,
    },
    options,
  );
  await t.app.listen({ port, host: "127.0.0.1" });
  return {
    ...t,
    url,
    gateway,
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      // The gateway first: a webhook connection it keeps open to the API would hold its close.
      await gateway.close();
      await t.close();
    },
  };
}

let seq = 0;

/** Registers a customer through the API; returns the user id and an access token. */
export async function signUp(shop: Shop, name = `buyer${Date.now().toString(36)}${++seq}`) {
  const res = await shop.api("POST", "/api/users", {
    body: { username: name, email: `${name}@example.test`, phone_number: "0712345678", password: "correct horse 1" },
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id as string, token: res.body.access_token as string, email: `${name}@example.test` };
}

export const NAIROBI = {
  name: "Amina Wanjiru",
  phone_number: "0712345678",
  line1: "Moi Avenue 12",
  city: "Nairobi",
  country: "KE",
};

/** Polls until `predicate` holds (webhooks arrive asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, predicate: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (predicate(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
