import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { seedDemo } from "../../apps/api/src/seed/seed.ts";
import {
  apiLogin,
  describeInChromium,
  launchChromium,
  type PageWatch,
  PHONE,
  review,
  type Storefront,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * A guest buys without an account in Debian's Chromium against the real API and the Daraja
 * simulator: email checked on the client, no wallet offered, M-Pesa pays, the order stays open to
 * that browser (its key) across a reload and a return from the email's link, not to another
 * browser; the tracking timeline follows an item the admin ships.
 */
describeInChromium("guest checkout", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const admin = { email: `admin.${tag}@example.com`, password: "admin-pass-123" };
  const guestEmail = `guest.${tag}@example.com`;
  let orderUrl = "";
  const seen: PageWatch = { errors: [], refusals: [] };

  beforeAll(async () => {
    shop = await startStorefront();
    await seedDemo(shop.ctx, shop.modules, { storeCurrency: "KES", products: 12 });
    await makeProduct(shop.ctx, shop.modules, { name: "Kikoi Beach Towel", price: "1450.00", stock: 5 });
    await shop.modules.identity.ensureUser(shop.ctx, { ...admin, username: `admin_${tag}`, role: "admin" });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("checks out as a guest: sign-in offered, not forced; email checked on the client; no wallet", async () => {
    await page.goto(`${shop.url}/search?q=kikoi`);
    await page.getByRole("link", { name: /Kikoi Beach Towel/ }).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
    await page.goto(`${shop.url}/checkout`);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    await page.getByRole("region", { name: "Have an account?" }).waitFor();
    const methods = page.getByRole("group", { name: "Payment method" }).getByRole("radio");
    expect(await methods.count()).toBe(3);
    expect(await page.getByRole("radio", { name: /wallet/i }).count()).toBe(0);
    expect(await page.getByRole("radio", { name: /M-Pesa/ }).isChecked()).toBe(true);

    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Full name").fill("Baraka Mwangi");
    await page.getByLabel("Phone number", { exact: true }).fill("0722334455");
    await page.getByLabel("Address", { exact: true }).fill("Kenyatta Avenue 3");
    await page.getByLabel("Town or city").fill("Nakuru");
    await page.getByLabel("M-Pesa phone number").fill("0722334455");
    await page.getByRole("button", { name: "Place order and pay" }).click();
    const email = page.getByLabel("Email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    await review(page, "guest-checkout");
    expect(seen.refusals).toEqual([]);

    await email.fill(guestEmail);
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation$/);
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("main").textContent()).toContain(guestEmail);
    await page.getByRole("link", { name: "Create an account" }).waitFor();
    await review(page, "guest-confirmation");
    orderUrl = page.url().replace(/\/confirmation$/, "");
  });

  it("keeps the order open to this browser across a reload, and to no other browser", async () => {
    await page.reload();
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor();

    const stranger = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(orderUrl);
    await strangerPage.waitForURL(/\/login\?next=/);
    // The API refuses a key that is not this order's, too.
    const orderId = orderUrl.split("/").at(-1) ?? "";
    const forged = await fetch(`${shop.url}/api/orders/${orderId}`, { headers: { "x-order-key": "A".repeat(43) } });
    expect(forged.status).toBe(404);

    // The confirmation email's link carries the key in its fragment: it opens the order in any browser.
    const { items } = await shop.modules.notifications.listEmails(shop.ctx, { page: 1, pageSize: 10, to: guestEmail });
    const texts = await Promise.all(
      items.map(async (e) => (await shop.modules.notifications.getEmail(shop.ctx, e.id)).text),
    );
    const link = texts.map((text) => /https?:\/\/\S+#key=[\w-]+/.exec(text)?.[0]).find(Boolean);
    expect(link).toBeTruthy();
    const fromEmail = new URL(link ?? "");
    await strangerPage.goto(`${orderUrl}${fromEmail.hash}`);
    await strangerPage.getByRole("heading", { name: /^Order SK-/ }).waitFor();
    await stranger.close();
  });

  it("shows the tracking timeline, which follows an item the admin ships", async () => {
    await page.goto(orderUrl);
    await page.getByRole("heading", { name: /^Order SK-/ }).waitFor();
    const steps = page.getByRole("list", { name: "Order progress" }).getByTestId("timeline-step");
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")))).toEqual([
      "done",
      "current",
      "upcoming",
      "upcoming",
      "upcoming",
    ]);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain("Paid");
    await review(page, "guest-order-tracking");

    const adminToken = await apiLogin(shop, admin.email, admin.password);
    const orderId = orderUrl.split("/").at(-1) ?? "";
    const detail = await fetch(`${shop.url}/api/orders/${orderId}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const order = (await detail.json()) as { items: { id: string }[] };
    for (const to of ["ordered", "received", "shipped"]) {
      const moved = await fetch(`${shop.url}/api/admin/orders/${orderId}/items/${order.items[0]?.id}/status`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ status: to }),
      });
      expect(moved.status).toBe(200);
    }

    await page.reload();
    await page.getByRole("heading", { name: /^Order SK-/ }).waitFor();
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")))).toEqual([
      "done",
      "done",
      "done",
      "current",
      "upcoming",
    ]);
    expect(await page.locator('[aria-current="step"]').textContent()).toContain("On its way");
    await page.getByText(/Full history/).click();
    expect(await page.locator("details").textContent()).toMatch(/Received → Shipped/);
    await review(page, "guest-order-shipped");
  });

  it("no script errors, and no refused request", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual([]);
  });
});
