import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import {
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
 * Card payment in Debian's Chromium: a signed-in shopper checks out with "Card", lands on the
 * Stripe simulator's hosted card page (its own origin), a declined card is explained there and
 * the page stays open for another card, 4242… pays, and back on Sokoni the order follows the
 * signed webhook to "paid".
 */
describeInChromium("card checkout (Stripe)", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let stripeOrigin = "";
  const tag = Date.now().toString(36);
  const shopper = { username: `otieno_${tag}`, email: `otieno.${tag}@example.com`, password: "card-pass-123" };
  const seen: PageWatch = { errors: [], refusals: [] };

  beforeAll(async () => {
    shop = await startStorefront({}, { stripe: true });
    if (!shop.stripe) throw new Error("the Stripe simulator did not start");
    stripeOrigin = new URL(shop.stripe.url).origin;
    await makeProduct(shop.ctx, shop.modules, {
      name: "Maasai Shuka Blanket",
      price: "2400.00",
      stock: 10,
      description: "Woven red checks.",
    });
    await registerShopper(shop, { ...shopper, phone_number: "0712345678" });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    // A refusal names its side: the hosted card page (its session id left out) or Sokoni.
    watchPage(page, seen, (res) => {
      const url = new URL(res.url());
      return `${res.request().method()} ${url.origin === stripeOrigin ? "stripe" : "sokoni"} ${url.pathname.replace(/cs_test_\w+/, "cs_test_…")} ${res.status()}`;
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // The harness closes the simulators before the API (a webhook connection would hold it open).
    await shop?.close();
  });

  async function payWith(card: string) {
    await page.getByLabel("Card number").fill(card);
    await page.getByLabel("Expiry").fill("12 / 34");
    await page.getByLabel("CVC").fill("123");
    await page.getByLabel("Name on card").fill("Otieno Ochieng");
    await page.getByRole("button", { name: "Pay" }).click();
  }

  it("a signed-in shopper checks out with Card and lands on the hosted card page for the order's total", async () => {
    await page.goto(`${shop.url}/login`);
    await signIn(page, shopper.email, shopper.password);
    await page.waitForURL(`${shop.url}/`);

    await page.goto(`${shop.url}/search?q=shuka`);
    await page.getByRole("link", { name: /Maasai Shuka Blanket/ }).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
    await page.goto(`${shop.url}/checkout`);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    await page.getByLabel("Full name").fill("Otieno Ochieng");
    await page.getByLabel("Phone number", { exact: true }).fill("0712345678");
    await page.getByLabel("Address", { exact: true }).fill("Kenyatta Avenue 5");
    await page.getByLabel("Town or city").fill("Nairobi");
    await page.getByRole("radio", { name: /Card/ }).check();
    await review(page, "stripe-checkout");
    await page.getByRole("button", { name: "Place order and pay" }).click();

    await page.waitForURL((url) => url.origin === stripeOrigin && url.pathname.startsWith("/c/pay/cs_test_"));
    const card = (await page.locator("main").textContent()) ?? "";
    expect(card).toMatch(/Order SK-\d+/);
    expect(card).toContain("KES 2400.00");
  });

  it("a declined card (4000 0000 0000 0002) is explained and the page stays open for another card", async () => {
    await payWith("4000000000000002");
    await page.getByRole("alert").filter({ hasText: "Your card was declined." }).waitFor();
    expect(new URL(page.url()).origin).toBe(stripeOrigin);
    expect(await page.getByLabel("Card number").isEditable()).toBe(true);
    await review(page, "stripe-card-declined");
  });

  it("4242 4242 4242 4242 pays; back on Sokoni the order follows the webhook to paid", async () => {
    await payWith("4242424242424242");
    await page.waitForURL((url) => url.origin === shop.url && /^\/orders\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(new URL(page.url()).searchParams.get("payment_id")).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("order-status").first().textContent()).toBe("Paid");
    const payments = (await page.getByRole("region", { name: "Payments" }).textContent()) ?? "";
    expect(payments).toMatch(/Card: Succeeded/);
    await review(page, "stripe-paid");
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("0");

    // The simulator delivered the signed events: the decline and the completed session.
    const types = shop.stripe?.deliveries.filter((d) => d.delivered).map((d) => d.event.type) ?? [];
    expect(types).toEqual(expect.arrayContaining(["payment_intent.payment_failed", "checkout.session.completed"]));
  });

  it("no script errors, and no refused request but the declined card", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual(["POST stripe /c/pay/cs_test_… 402"]);
  });
});
