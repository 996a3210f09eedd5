import { sql } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiCall,
  describeInChromium,
  launchChromium,
  type PageWatch,
  PHONE,
  registerShopper,
  review,
  type Storefront,
  signIn,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * Checkout re-checks an external offer in Debian's Chromium against the real API and the Jumia
 * simulator: the catalog holds yesterday's (lower) price, the page shows the line's new price
 * beside it, refuses to pay until the shopper accepts the new total, then places the order at it.
 */
describeInChromium("checkout price re-check", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token = "";
  let liveMinor = 0;
  let offerId = "";
  const tag = Date.now().toString(36);
  const shopper = {
    username: `price_${tag}`,
    email: `price.${tag}@example.com`,
    password: "correct horse 1",
    phone_number: "0712345678",
  };
  const seen: PageWatch = { errors: [], refusals: [] };

  beforeAll(async () => {
    shop = await startStorefront({}, { marketplaces: true });
    ({ token } = await registerShopper(shop, shopper));
    const found = await apiCall(shop, "GET", "/api/search?q=iphone%2013%20128GB&page_size=10", null);
    expect(found.status).toBe(200);
    const offer = (
      found.body.items as { offers: { id: string; store_price: string; marketplace: { code: string } }[] }[]
    )
      .flatMap((i) => i.offers)
      .find((o) => o.marketplace.code === "jumia-ke");
    if (!offer) throw new Error("no Jumia offer for iphone 13");
    offerId = offer.id;
    liveMinor = Math.round(Number(offer.store_price) * 100);
    expect((await apiCall(shop, "POST", "/api/cart/items", token, { product_id: offerId, quantity: 1 })).status).toBe(
      200,
    );
    // Yesterday's price, KSh 700 lower, is what the shopper saw.
    await shop.database.db.execute(
      sql`update catalog.products set price_minor = ${liveMinor - 70_000}, store_price_minor = ${liveMinor - 70_000}
           where id = ${offerId}`,
    );
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("shows the new price beside the line, asks to accept the new total, then pays it", async () => {
    await page.goto(`${shop.url}/login?next=%2Fcheckout`);
    await signIn(page, shopper.email, shopper.password);
    await page.waitForURL(/\/checkout$/);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    const line = page.getByTestId("summary-line").first();
    await expect
      .poll(() => line.textContent())
      .toMatch(/Price went up: was Ksh\s[\d,]+\.00 — now Ksh\s[\d,]+\.00 each/);
    const accept = page.getByRole("checkbox", { name: /I accept the new total of/ });
    expect(await accept.isChecked()).toBe(false);
    await review(page, "checkout-price-changed");

    await page.getByLabel("Full name").fill("Amina Otieno");
    await page.getByLabel("Phone number", { exact: true }).fill("0712345678");
    await page.getByLabel("Address", { exact: true }).fill("Moi Avenue 1");
    await page.getByLabel("Town or city").fill("Nairobi");
    await page.getByRole("radio", { name: /Test payment page/ }).check();
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.getByText("Prices changed: check the order summary and accept the new total before paying.").waitFor();
    const orders = await apiCall(shop, "GET", "/api/orders", token);
    expect(orders.body.items).toEqual([]);

    await accept.check();
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.waitForURL((url) => url.origin === shop.gateway.url.replace(/\/$/, ""));
    const placed = await apiCall(shop, "GET", "/api/orders", token);
    expect(placed.body.items).toHaveLength(1);
    expect(placed.body.items[0].total).toBe((liveMinor / 100).toFixed(2));
    expect(seen.errors).toEqual([]);
  });
});
