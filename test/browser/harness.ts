import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Daraja, startDaraja } from "@sokoni/sandbox/daraja";
import type { MockGateway } from "@sokoni/sandbox/mock-gateway";
import type { StripeSimulator } from "@sokoni/sandbox/stripe";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { WEB_DIST, webApp } from "../../apps/api/src/web/index.ts";
import { freePort, mockGatewayEnv, startTestMockGateway } from "../../apps/api/test/mock-gateway.ts";
import { startTestStripe, stripeEnv } from "../../apps/api/test/stripe.ts";
import { createTestApp, type TestApp } from "../../apps/api/test/test-app.ts";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (or nowhere, to see the skip). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM_MESSAGE = "browser tests not run: Chromium not found (apt-get install chromium)";

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
};

export type StorefrontOptions = {
  /** Also run the sandbox's Stripe simulator, its webhooks pointed at this API (card payments). */
  stripe?: boolean;
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
  return {
    ...t,
    url,
    gateway,
    daraja,
    stripe,
    async close() {
      // The simulators first: a callback connection they keep open would hold the API's close.
      await stripe?.close();
      await daraja.close();
      await gateway.close();
      await t.close();
    },
  };
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
