import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { seedDemo } from "../../apps/api/src/seed/seed.ts";
import {
  describeInChromium,
  launchChromium,
  type PageWatch,
  PHONE,
  registerShopper,
  review,
  type Storefront,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * The shopper's first journey in Debian's Chromium against the real API serving the built app:
 * sign up, search, filter, two marketplaces in one cart, a guest cart that survives a reload and
 * merges on sign-in, checkout paid on the mock gateway's page, the paid order in the history.
 */
describeInChromium("storefront", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const shopper = {
    username: `amina_${tag}`,
    email: `amina.${tag}@example.com`,
    password: "kiondo-pass-1",
  };
  const seen: PageWatch = { errors: [], refusals: [] };

  beforeAll(async () => {
    shop = await startStorefront();
    await seedDemo(shop.ctx, shop.modules, { storeCurrency: "KES", products: 48 });
    await makeProduct(shop.ctx, shop.modules, {
      name: "Kiondo Sisal Basket",
      price: "1450.00",
      stock: 20,
      description: "Hand-woven in Machakos.",
    });
    await makeProduct(shop.ctx, shop.modules, {
      name: "Kiondo Travel Tote",
      price: "24.50",
      currency: "USD",
      marketplace: "amazon",
      rating: 4.6,
      ratingCount: 12,
    });
    await makeProduct(shop.ctx, shop.modules, { name: "Kiondo Market Bag", price: "990.00", marketplace: "jumia" });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  const cartCount = () => page.getByTestId("cart-count");

  it("home: what Sokoni is, categories, top rated products and stores", async () => {
    await page.goto(shop.url);
    await expect.poll(() => page.title()).toBe("Sokoni");
    await page.getByRole("heading", { name: "One shop window over many stores" }).waitFor();
    await page.getByRole("list", { name: "Top rated products" }).getByRole("listitem").first().waitFor();
    expect(await page.getByRole("heading", { name: "Stores", exact: true }).isVisible()).toBe(true);
    await page
      .getByRole("link", { name: /Amazon/ })
      .first()
      .waitFor();
    await review(page, "home");
  });

  it("search and filters live in the URL; KES prices show the original currency beside", async () => {
    await page.getByRole("searchbox", { name: "Search products" }).first().fill("kiondo");
    await page.getByRole("button", { name: "Search" }).first().press("Enter");
    await page.waitForURL(/\/search\?q=kiondo$/);
    await page.getByRole("heading", { name: "Results for “kiondo”" }).waitFor();
    await expect.poll(() => page.getByTestId("result-count").textContent()).toBe("3 products");
    const tote = page.getByRole("listitem").filter({ hasText: "Kiondo Travel Tote" });
    // Store price in KES and the USD original beside it.
    await expect.poll(() => tote.textContent()).toMatch(/Ksh[\s\u00a0]?[\d,]+\.\d\d.*US\$[\s\u00a0]?24\.50/);
    await review(page, "search");

    // Filters (phone: behind the disclosure): Amazon only, in stock, price sort.
    await page.getByText("Filters and sort").click();
    const filters = page.getByRole("form", { name: "Filters" }).first();
    await filters.getByLabel("Store").selectOption("amazon");
    await filters.getByLabel("In stock only").check();
    await filters.getByLabel("Sort by").selectOption("price_asc");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("marketplace") === "amazon");
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "kiondo",
      marketplace: "amazon",
      in_stock: "true",
      sort: "price_asc",
    });
    await expect.poll(() => page.getByTestId("result-count").textContent()).toBe("1 product");
    expect(await page.getByRole("list", { name: "Products" }).getByRole("listitem").allTextContents()).toEqual([
      expect.stringContaining("Kiondo Travel Tote"),
    ]);

    // Reload keeps the filters (they are the URL).
    await page.reload();
    await expect.poll(() => page.getByTestId("result-count").textContent()).toBe("1 product");
    await review(page, "search-filtered");

    // A search with no match says so.
    await page.goto(`${shop.url}/search?q=zzzqqqxxx`);
    await page.getByText("No products match").waitFor();
  });

  it("a guest adds products from two marketplaces; the cart survives a reload", async () => {
    await page.goto(`${shop.url}/search?q=kiondo`);
    await page.getByRole("link", { name: /Kiondo Sisal Basket/ }).click();
    await page.getByRole("heading", { name: "Kiondo Sisal Basket", level: 1 }).waitFor();
    expect(await page.getByText("In stock (20 left)").isVisible()).toBe(true);
    await review(page, "product");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added to your cart.").waitFor();
    await expect.poll(() => cartCount().textContent()).toBe("1");

    await page.goBack();
    await page.getByRole("link", { name: /Kiondo Travel Tote/ }).click();
    await page.getByRole("heading", { name: "Kiondo Travel Tote", level: 1 }).waitFor();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added to your cart.").waitFor();
    await expect.poll(() => cartCount().textContent()).toBe("3");

    await page.getByRole("link", { name: /^Cart, 3 items$/ }).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
    // Grouped by marketplace, one total.
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual([
      expect.stringMatching(/^Sokoni.*Subtotal/),
      expect.stringMatching(/^Amazon.*Subtotal/),
    ]);
    await page.reload();
    await page.getByRole("heading", { name: /^Amazon/ }).waitFor();
    await expect.poll(() => cartCount().textContent()).toBe("3");

    // Quantity edit and one total that follows it.
    const totalBefore = await page.getByTestId("cart-total").textContent();
    await page.getByLabel("Quantity of Kiondo Travel Tote").selectOption("1");
    await expect.poll(() => cartCount().textContent()).toBe("2");
    expect(await page.getByTestId("cart-total").textContent()).not.toBe(totalBefore);
    await review(page, "cart");
  });

  it("sign-up validates like the API and shows the API's field errors; the guest cart merges", async () => {
    // Someone already has this email.
    await registerShopper(shop, {
      username: `other_${tag}`,
      email: `taken.${tag}@example.com`,
      phone_number: "0722000000",
      password: "other-pass-1",
    });

    // A guest may check out as a guest; signing in is offered, and the cart comes along.
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.waitForURL(/\/checkout$/);
    const offer = page.getByRole("region", { name: "Have an account?" });
    await offer.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/login\?next=%2Fcheckout$/);
    await review(page, "login");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/register\?next=%2Fcheckout$/);

    const form = page.getByRole("form", { name: "Create account" });
    // Client rules (the contract's RegisterBody): nothing is sent.
    await form.getByLabel("Username").fill("a");
    await form.getByLabel("Email", { exact: true }).fill("not-an-email");
    await form.getByLabel("Password").fill("short");
    await form.getByRole("button", { name: "Create account" }).click();
    const usernameField = form.getByLabel("Username");
    await expect.poll(() => usernameField.getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Email", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await review(page, "register-invalid");

    // The API's 409 names the field: shown beside it.
    await form.getByLabel("Username").fill(shopper.username);
    await form.getByLabel("Email", { exact: true }).fill(`taken.${tag}@example.com`);
    await form.getByLabel("Phone number").fill("0712345678");
    await form.getByLabel("Password").fill(shopper.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await form.getByText("is already registered").waitFor();
    expect(await form.getByLabel("Email", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel("Username").getAttribute("aria-invalid")).toBeNull();

    await form.getByLabel("Email", { exact: true }).fill(shopper.email);
    await form.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    // The guest cart is now the account's.
    await expect.poll(() => cartCount().textContent()).toBe("2");
    const summary = await page.getByRole("complementary").textContent();
    expect(summary).toContain("Kiondo Sisal Basket");
    expect(summary).toContain("Kiondo Travel Tote");
    // No refresh token where scripts can read it: only the HttpOnly cookie holds it.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "sokoni_refresh")).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
      path: "/api/auth",
    });
    expect(await page.evaluate(() => document.cookie)).not.toContain("sokoni_refresh");
  });

  it("checkout: M-Pesa listed first, the mock gateway's Pay, a confirmation that follows the payment", async () => {
    const methods = page.getByRole("group", { name: "Payment method" }).getByRole("radio");
    expect(await methods.count()).toBe(4);
    expect(await page.getByRole("group", { name: "Payment method" }).locator("label").first().textContent()).toContain(
      "M-Pesa",
    );
    // M-Pesa first and chosen, with the account's number for the prompt.
    expect(await page.getByRole("radio", { name: /M-Pesa/ }).isChecked()).toBe(true);
    expect(await page.getByLabel("M-Pesa phone number").inputValue()).toBe("+254712345678");

    // Client validation of the address (the contract's CheckoutBody).
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.getByText("Please correct the marked fields.").waitFor();
    expect(await page.getByLabel("Full name").getAttribute("aria-invalid")).toBe("true");
    // In the shopper's words, tied to the field.
    expect(await page.getByLabel("Full name").getAttribute("aria-describedby")).toBeTruthy();
    expect(await page.getByText("Required", { exact: true }).count()).toBe(4);
    await review(page, "checkout");

    await page.getByLabel("Full name").fill("Amina Otieno");
    await page.getByLabel("Phone number", { exact: true }).fill("0712345678");
    await page.getByLabel("Address", { exact: true }).fill("Moi Avenue 1");
    await page.getByLabel("Town or city").fill("Nairobi");
    await page.getByRole("radio", { name: /Test payment page/ }).check();
    await page.getByRole("button", { name: "Place order and pay" }).click();

    // The gateway's hosted page (another origin).
    await page.waitForURL((url) => url.origin === shop.gateway.url.replace(/\/$/, ""));
    await page.getByRole("button", { name: "Pay" }).click();

    // The gateway sends the shopper back to the order's page, which follows the payment.
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?payment_id=[0-9a-f-]{36}&status=succeeded$/);
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor({ timeout: 20_000 });
    await review(page, "order-paid-return");
    await expect.poll(() => cartCount().textContent()).toBe("0");

    // Back leads to the confirmation (the checkout's history entry), not to the spent payment page.
    await page.goBack();
    await page.goBack();
    expect(page.url()).toMatch(/\/orders\/[0-9a-f-]{36}\/confirmation$/);
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor();
    await review(page, "order-confirmation");
  });

  it("order history shows the paid order; its detail has both marketplaces", async () => {
    await page.getByRole("link", { name: "See all your orders" }).click();
    await page.getByRole("heading", { name: "Your orders" }).waitFor();
    const orders = page.getByRole("list", { name: "Orders" }).getByRole("listitem");
    await orders.first().waitFor();
    expect(await orders.count()).toBe(1);
    expect(await orders.first().getByTestId("order-status").textContent()).toBe("Paid");
    await review(page, "orders");
    await orders.first().getByRole("link").click();
    await page.getByRole("heading", { name: /^Order SK-/ }).waitFor();
    expect(await page.getByRole("heading", { level: 2 }).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Sokoni/), expect.stringMatching(/^Amazon/)]),
    );
    await review(page, "order-detail");
  });

  it("a reload keeps the session (refresh cookie), sign-out ends it, and a guest cart merges on sign-in", async () => {
    await page.reload();
    await page.getByRole("heading", { name: /^Order SK-/ }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${shop.url}/orders`);
    await page.waitForURL(/\/login\?next=%2Forders$/);

    await page.goto(`${shop.url}/search?q=kiondo&marketplace=jumia`);
    await page.getByRole("link", { name: /Kiondo Market Bag/ }).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => cartCount().textContent()).toBe("1");

    await page.getByRole("link", { name: "Sign in" }).click();
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Password").fill("wrong-password-1");
    await form.getByLabel("Email or username").fill(shopper.email);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Wrong email/username or password.").waitFor();
    await form.getByLabel("Password").fill(shopper.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${shop.url}/`);
    await expect.poll(() => cartCount().textContent()).toBe("1");
    await page.goto(`${shop.url}/cart`);
    await page.getByRole("heading", { name: /^Jumia Kenya/ }).waitFor();
  });

  it("a declined payment is explained and can be paid again", async () => {
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    await page.getByLabel("Full name").fill("Amina Otieno");
    await page.getByLabel("Phone number", { exact: true }).fill("0712345678");
    await page.getByLabel("Address", { exact: true }).fill("Moi Avenue 1");
    await page.getByLabel("Town or city").fill("Nairobi");
    await page.getByRole("radio", { name: /Test payment page/ }).check();
    await page.getByRole("button", { name: "Place order and pay" }).click();
    const gatewayOrigin = shop.gateway.url.replace(/\/$/, "");
    await page.waitForURL((url) => url.origin === gatewayOrigin);
    await page.getByRole("button", { name: "Decline" }).click();
    await page.waitForURL(/\?payment_id=[0-9a-f-]{36}&status=failed$/);
    await page.getByRole("heading", { name: "The payment did not go through" }).waitFor({ timeout: 20_000 });
    await review(page, "order-payment-failed");

    await page.getByRole("button", { name: "Pay again" }).click();
    await page.waitForURL((url) => url.origin === gatewayOrigin);
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\?payment_id=[0-9a-f-]{36}&status=succeeded$/);
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor({ timeout: 20_000 });
    // Both attempts are on the order: the declined one and the one that paid.
    const payments = await page.getByRole("region", { name: "Payments" }).textContent();
    expect(payments).toMatch(/Mock gateway: Failed.*Mock gateway: Succeeded/);

    await page.getByRole("link", { name: "← All orders" }).click();
    const orders = page.getByRole("list", { name: "Orders" }).getByRole("listitem");
    await orders.nth(1).waitFor();
    expect(await orders.getByTestId("order-status").allTextContents()).toEqual(["Paid", "Paid"]);
  });

  it("M-Pesa: a cancelled prompt is explained, a second prompt pays the order", async () => {
    await page.goto(`${shop.url}/search?q=kiondo&marketplace=sokoni`);
    await page.getByRole("link", { name: /Kiondo Sisal Basket/ }).click();
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => cartCount().textContent()).toBe("1");
    await page.goto(`${shop.url}/checkout`);
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    await page.getByLabel("Full name").fill("Amina Otieno");
    await page.getByLabel("Phone number", { exact: true }).fill("0712345678");
    await page.getByLabel("Address", { exact: true }).fill("Moi Avenue 1");
    await page.getByLabel("Town or city").fill("Nairobi");
    // The simulator's number whose owner cancels the prompt.
    await page.getByLabel("M-Pesa phone number").fill("0712341032");
    await page.getByRole("button", { name: "Place order and pay" }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\/confirmation$/);
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    expect(await page.getByRole("main").textContent()).toMatch(
      /Enter your M-Pesa PIN on (\+?254|0)712341032 to pay Ksh[\s\u00a0]?1,450\.00/,
    );
    await review(page, "mpesa-check-phone");

    // The callback arrives; the page follows it without a reload.
    await page.getByRole("heading", { name: "The payment did not go through" }).waitFor({ timeout: 20_000 });
    expect(await page.getByText(/cancel/i).count()).toBeGreaterThan(0);
    await review(page, "mpesa-cancelled");

    await page.getByLabel("M-Pesa phone number").fill("0712345678");
    await page.getByRole("button", { name: "Send the M-Pesa prompt again" }).click();
    await page.getByRole("heading", { name: "Check your phone" }).waitFor();
    await page.getByRole("heading", { name: "Thank you — your order is paid" }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("region", { name: "Payments" }).textContent()).toMatch(
      /M-Pesa: (Cancelled|Failed).*M-Pesa: Succeeded/,
    );
    await review(page, "mpesa-paid");
  });

  it("a customer cannot open the admin console; unknown pages say so", async () => {
    await page.goto(`${shop.url}/admin`);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await page.getByText("Admin console").count()).toBe(0);
    await review(page, "admin-denied");
    await page.goto(`${shop.url}/no-such-page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await review(page, "not-found");
  });

  it("no script errors on any page, and no refused request but the ones the journey provoked", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual(["POST /api/users 409", "POST /api/auth/login 401"]);
  });
});
