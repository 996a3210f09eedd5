import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, PHONE, type Storefront, startStorefront } from "./harness.ts";

/**
 * The session in the browser when the access token expires: the API client refreshes once with
 * the HttpOnly cookie and retries, without the shopper noticing. (storefront.test.ts reports a
 * missing Chromium; this file is skipped with it.)
 */
describe.skipIf(!hasChromium)("session in Chromium", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let page: Page;
  const calls: string[] = [];
  const user = { username: `kamau_${Date.now().toString(36)}`, password: "refresh-pass-1" };

  beforeAll(async () => {
    // Access tokens that live 2 s: any request made later needs the refresh cookie.
    shop = await startStorefront({ ACCESS_TOKEN_TTL: "2" });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: PHONE })).newPage();
    page.on("response", (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith("/api/")) calls.push(`${res.request().method()} ${url.pathname} ${res.status()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("an expired access token is refreshed once and the request retried", async () => {
    await page.goto(`${shop.url}/register`);
    const form = page.getByRole("form", { name: "Create account" });
    await form.getByLabel("Username").fill(user.username);
    await form.getByLabel("Email", { exact: true }).fill(`${user.username}@example.com`);
    await form.getByLabel("Phone number").fill("0712345678");
    await form.getByLabel("Password").fill(user.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    await page.waitForTimeout(2500);
    calls.length = 0;
    // A client-side navigation: the token in memory has expired by now.
    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByText("No orders yet").waitFor();
    expect(calls.filter((c) => c.includes("/api/orders") || c.includes("/api/auth/refresh"))).toEqual([
      "GET /api/orders 401",
      "POST /api/auth/refresh 200",
      "GET /api/orders 200",
    ]);
  });

  it("a reload restores the session from the cookie; a revoked session sends the shopper to sign in", async () => {
    calls.length = 0;
    await page.reload();
    await page.getByText("No orders yet").waitFor();
    expect(calls).toContain("POST /api/auth/refresh 200");

    // Signed out elsewhere: the refresh cookie's session is revoked server-side.
    const cookies = await page.context().cookies();
    const refresh = cookies.find((c) => c.name === "sokoni_refresh")?.value;
    expect(refresh).toEqual(expect.any(String));
    const out = await fetch(`${shop.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: `sokoni_refresh=${refresh}` },
    });
    expect(out.status).toBe(204);

    await page.waitForTimeout(2500);
    calls.length = 0;
    // The next request (the home page's cart) gets a 401, the refresh is refused: a guest now.
    await page.getByRole("link", { name: "Sokoni" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    expect(calls).toContain("POST /api/auth/refresh 401");
    expect(calls.filter((c) => c.startsWith("POST /api/auth/refresh"))).toHaveLength(1);
    // Both cookies were cleared with the refusal: a page load knows it is a guest at once.
    const left = (await page.context().cookies()).map((c) => c.name);
    expect(left).not.toContain("sokoni_refresh");
    expect(left).not.toContain("sokoni_session");
    await page.goto(`${shop.url}/orders`);
    await page.waitForURL(/\/login\?next=%2Forders$/);
  });
});
