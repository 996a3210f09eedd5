import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  AMAZON_DEV_ACCESS_KEY,
  AMAZON_DEV_PARTNER_TAG,
  AMAZON_DEV_SECRET_KEY,
  type AmazonSimulator,
  startAmazon,
} from "@sokoni/sandbox/amazon";
import { type Daraja, startDaraja } from "@sokoni/sandbox/daraja";
import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, type EbaySimulator, startEbay } from "@sokoni/sandbox/ebay";
import { JUMIA_DEV_API_KEY, type JumiaSimulator, startJumia } from "@sokoni/sandbox/jumia";
import type { MockGateway } from "@sokoni/sandbox/mock-gateway";
import type { StripeSimulator } from "@sokoni/sandbox/stripe";
import { type Browser, chromium, type Locator, type Page, type Response } from "playwright-core";
import { describe, expect, it, type TestOptions } from "vitest";
import { WEB_DIST, webApp } from "../../apps/api/src/web/index.ts";
import { freePort, mockGatewayEnv, startTestMockGateway } from "../../apps/api/test/mock-gateway.ts";
import { startTestStripe, stripeEnv } from "../../apps/api/test/stripe.ts";
import { createTestApp, type TestApp } from "../../apps/api/test/test-app.ts";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (or nowhere, to see the skip). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = "browser tests not run: Chromium not found (apt-get install chromium)";

/**
 * A browser test's describe block, named "<name> in Chromium". Without Chromium: one warning line
 * and the block is skipped; in CI (.ci/run sets CI=true, and CI installs Chromium) a missing
 * browser is a failing test "<name> in CI › needs Chromium" instead of a skip.
 */
export function describeInChromium(name: string, options: TestOptions, body: () => void): void {
  if (!hasChromium) console.warn(NO_CHROMIUM_MESSAGE);
  describe.runIf(!hasChromium && process.env.CI === "true")(`${name} in CI`, () => {
    it("needs Chromium", () => {
      expect.fail(NO_CHROMIUM_MESSAGE);
    });
  });
  describe.skipIf(!hasChromium)(`${name} in Chromium`, options, body);
}

const root = path.resolve(import.meta.dirname, "../..");
export const SCREENSHOTS = path.join(import.meta.dirname, "screenshots");

/** Builds the storefront when missing or older than its sources (CI builds it before the suite). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/build-web.mjs"), "--if-stale"], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}

export type Storefront = TestApp & {
  url: string;
  gateway: MockGateway;
  daraja: Daraja;
  /** The Stripe simulator, when asked for with `{ stripe: true }`. */
  stripe: StripeSimulator | undefined;
  /** The eBay, Amazon and Jumia simulators, registered as stores, when asked for with `{ marketplaces: true }`. */
  marketplaces: Marketplaces | undefined;
};

export type Marketplaces = { ebay: EbaySimulator; amazon: AmazonSimulator; jumia: JumiaSimulator };

/** The codes and names the simulators are registered under (the demo seed's own stores keep theirs). */
export const SIMULATED_STORES = {
  ebay: { code: "ebay-us", name: "eBay" },
  amazon: { code: "amazon-us", name: "Amazon" },
  jumia: { code: "jumia-ke", name: "Jumia Kenya" },
} as const;

export type StorefrontOptions = {
  /** Also run the sandbox's Stripe simulator, its webhooks pointed at this API (card payments). */
  stripe?: boolean;
  /**
   * Also run the eBay, Amazon and Jumia simulators (20 ms latency) and register them through the
   * admin API as a deployment would (SIMULATED_STORES; budgets eBay 1.5 s, Amazon 2.5 s, Jumia 1 s),
   * so GET /api/search asks them. Their failure switches: `shop.marketplaces.ebay.setMode(…)`.
   */
  marketplaces?: boolean;
};

/**
 * The real API (fresh database) serving the built storefront on 127.0.0.1, with the sandbox's
 * mock gateway and Daraja (M-Pesa) simulator over real HTTP. Daraja's outcome follows the phone
 * number's last four digits (1032: the shopper cancels the prompt; see apps/sandbox). With
 * `{ stripe: true }` the Stripe simulator runs too (4242… pays, 4000 0000 0000 0002 is declined).
 */
export async function startStorefront(
  env: Record<string, string> = {},
  options: StorefrontOptions = {},
): Promise<Storefront> {
  ensureWebBuild();
  const gateway = await startTestMockGateway();
  const daraja = await startDaraja({ callbackDelayMs: 1500 });
  const stripe = options.stripe ? await startTestStripe() : undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await createTestApp(
    {
      ...mockGatewayEnv(gateway, url),
      MPESA_BASE_URL: daraja.url,
      MPESA_CALLBACK_SECRET: "browser-test-callback-secret-0123",
      LOGIN_RATE_LIMIT: "1000",
      ...(stripe ? stripeEnv(stripe) : {}),
      ...env,
    },
    { configure: (app) => void app.register(webApp, { root: WEB_DIST }) },
  );
  await t.app.listen({ port, host: "127.0.0.1" });
  stripe?.setWebhookUrl(`${url}/api/stripe/webhook`);
  const marketplaces = options.marketplaces ? await startMarketplaces(t, url) : undefined;
  return {
    ...t,
    url,
    gateway,
    daraja,
    stripe,
    marketplaces,
    async close() {
      // The simulators first: a callback connection they keep open would hold the API's close.
      if (marketplaces) await Promise.all(Object.values(marketplaces).map((sim) => sim.close()));
      await stripe?.close();
      await daraja.close();
      await gateway.close();
      await t.close();
    },
  };
}

/** Starts the three marketplace simulators and registers them through the admin API (see test/flows/search.test.ts). */
async function startMarketplaces(t: TestApp, url: string): Promise<Marketplaces> {
  const [ebay, amazon, jumia] = await Promise.all([
    startEbay({ mode: { latencyMs: 20 } }),
    startAmazon({ mode: { latencyMs: 20 } }),
    startJumia({ mode: { latencyMs: 20 } }),
  ]);
  try {
    await registerMarketplaces(t, url, { ebay, amazon, jumia });
  } catch (err) {
    await Promise.all([ebay.close(), amazon.close(), jumia.close()]);
    throw err;
  }
  return { ebay, amazon, jumia };
}

async function registerMarketplaces(t: TestApp, url: string, { ebay, amazon, jumia }: Marketplaces): Promise<void> {
  await t.modules.catalog.ensureDefaultFxRates(t.ctx);
  await t.modules.marketplaces.ensureHouseMarketplace(t.ctx, "KES");
  const account = { email: "marketplaces.admin@example.test", password: "admin-pass-123" };
  await t.modules.identity.ensureUser(t.ctx, { ...account, username: "marketplaces_admin", role: "admin" });
  const login = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: account.email, password: account.password }),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const register = async (body: Record<string, unknown>) => {
    const res = await fetch(`${url}/api/admin/marketplaces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`registering ${String(body.code)}: ${res.status} ${await res.text()}`);
  };
  await register({
    ...SIMULATED_STORES.ebay,
    kind: "ebay",
    currency: "USD",
    ships_to: "warehouse",
    api_base_url: ebay.url,
    time_budget_ms: 1500,
    credentials: { client_id: EBAY_DEV_CLIENT_ID, client_secret: EBAY_DEV_CLIENT_SECRET },
  });
  await register({
    ...SIMULATED_STORES.amazon,
    kind: "amazon",
    currency: "USD",
    ships_to: "warehouse",
    api_base_url: amazon.url,
    time_budget_ms: 2500,
    rate_limit_per_min: 60,
    adapter_config: { partner_tag: AMAZON_DEV_PARTNER_TAG, region: "us-east-1" },
    credentials: { access_key: AMAZON_DEV_ACCESS_KEY, secret_key: AMAZON_DEV_SECRET_KEY },
  });
  await register({
    ...SIMULATED_STORES.jumia,
    kind: "jumia",
    currency: "KES",
    ships_to: "domestic",
    api_base_url: jumia.url,
    time_budget_ms: 1000,
    credentials: { api_key: JUMIA_DEV_API_KEY },
  });
}

/** Debian's Chromium, headless, with nothing that reaches out to the network; Playwright gives it a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

const axeSource: string = createRequire(import.meta.url)("axe-core").source;

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core in the page; fails on any serious or critical violation, naming them. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Full-page screenshots at phone and desktop width (git-ignored, for review), then back to the phone size. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
}

/** Every page of the journey: no serious accessibility problem, and pictures at both sizes. */
export async function review(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/** What went wrong in the pages a test watches: uncaught errors and console errors, and every answer ≥ 400. */
export type PageWatch = { errors: string[]; refusals: string[] };

/** "METHOD /path status": a refusal as most tests list it. */
export const refusalLine = (res: Response): string =>
  `${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`;

/**
 * Records the page's uncaught errors, its console errors (but the browser's own "Failed to load
 * resource", which follows any 4xx the test expects) and its answers ≥ 400 (as `describe` words
 * them) into `seen`; pass the same lists for each page of one journey.
 */
export function watchPage(
  page: Page,
  seen: PageWatch = { errors: [], refusals: [] },
  describeRefusal: (res: Response) => string = refusalLine,
): PageWatch {
  page.on("pageerror", (err) => seen.errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource"))
      seen.errors.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) seen.refusals.push(describeRefusal(res));
  });
  return seen;
}

/** A JSON call to the shop's API (a bearer token when given): its status and parsed body (null for a 204). */
export async function apiCall(
  shop: Storefront,
  method: string,
  urlPath: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${shop.url}${urlPath}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

/** Signs in through the API: the access token. */
export async function apiLogin(shop: Storefront, login: string, password: string): Promise<string> {
  const res = await apiCall(shop, "POST", "/api/auth/login", null, { login, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token;
}

export type Account = { username: string; email: string; password: string };

/** An admin (or staff) put straight in the database, then signed in through the API: its access token. */
export async function makeAdmin(
  shop: Storefront,
  account: Account,
  role: "admin" | "staff" = "admin",
): Promise<string> {
  await shop.modules.identity.ensureUser(shop.ctx, { ...account, role });
  return apiLogin(shop, account.email, account.password);
}

/** A shopper who signs up through the API (201 expected): their id and access token. */
export async function registerShopper(
  shop: Storefront,
  account: Account & { phone_number: string },
): Promise<{ id: string; token: string }> {
  const res = await apiCall(shop, "POST", "/api/users", null, account);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.user.id, token: res.body.access_token };
}

/** Fills the "Sign in" form on the page (the login page, or where a guarded page sent the browser) and sends it. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email or username").fill(login);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** The text of the first element a field's aria-describedby names (its error when invalid); null without one. */
export async function describedText(field: Locator): Promise<string | null> {
  const ids = (await field.getAttribute("aria-describedby")) ?? "";
  if (!ids) return null;
  return field
    .page()
    .locator(`[id="${ids.split(" ")[0]}"]`)
    .textContent();
}

/** A Nairobi delivery address, as the orders API takes it. */
export const NAIROBI = {
  name: "Amina Wanjiru",
  phone_number: "0712345678",
  line1: "Moi Avenue 12",
  city: "Nairobi",
  country: "KE",
};
