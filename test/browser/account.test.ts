import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import {
  apiCall,
  describedText,
  describeInChromium,
  launchChromium,
  makeAdmin,
  type PageWatch,
  PHONE,
  registerShopper,
  review,
  type Storefront,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * The shopper's account pages in Debian's Chromium against the real API: details (a client error,
 * the API's 409 on a taken email beside the field, then saved and the header's name follows),
 * the address book (added from the keyboard alone, a second made default, one edited, one deleted
 * after a confirmation; checkout offers what is left), and the wallet (empty, then an admin's
 * credits with their balance, page by page).
 */
describeInChromium("account pages", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const shopper = { username: `achieng_${tag}`, email: `achieng.${tag}@example.com`, password: "lamu-pass-123" };
  const admin = { email: `admin.${tag}@example.com`, password: "admin-pass-123" };
  const takenEmail = `taken.${tag}@example.com`;
  let productId = "";
  let adminToken = "";
  const seen: PageWatch = { errors: [], refusals: [] };
  /** Every write the page sends to the account API, as "METHOD /path". */
  const writes: string[] = [];

  /** Text with Intl's no-break spaces as plain ones ("Ksh\u00a0750.00" → "Ksh 750.00"). */
  async function plain(locator: ReturnType<Page["getByTestId"]>): Promise<string> {
    return ((await locator.textContent()) ?? "").replace(/\s/g, " ");
  }

  const accountNav = () => page.getByRole("navigation", { name: "Your account" });
  const focusedLabel = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.labels?.[0]?.textContent ?? el?.textContent ?? null;
    });

  beforeAll(async () => {
    shop = await startStorefront();
    productId = (await makeProduct(shop.ctx, shop.modules, { name: "Lamu Kikoi", price: "1200.00", stock: 5 })).id;
    adminToken = await makeAdmin(shop, { ...admin, username: `admin_${tag}` });
    await registerShopper(shop, {
      username: `other_${tag}`,
      email: takenEmail,
      phone_number: "0722000111",
      password: "other-pass-123",
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
    page.on("request", (req) => {
      const path = new URL(req.url()).pathname;
      if (req.method() !== "GET" && path.startsWith("/api/users/me")) writes.push(`${req.method()} ${path}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("a guest opening /account signs up and lands on their details; the header links to the account", async () => {
    await page.goto(`${shop.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await page.getByRole("link", { name: "Create an account" }).click();
    const form = page.getByRole("form", { name: "Create account" });
    await form.getByLabel("Username").fill(shopper.username);
    await form.getByLabel("Email", { exact: true }).fill(shopper.email);
    await form.getByLabel("Phone number").fill("0712345678");
    await form.getByLabel("Password").fill(shopper.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole("heading", { name: "Your details", level: 1 }).waitFor();
    expect(await accountNav().getByRole("link").allTextContents()).toEqual([
      "Details",
      "Addresses",
      "Wallet",
      "Orders",
    ]);
    expect(await accountNav().getByRole("link", { name: "Details" }).getAttribute("aria-current")).toBe("page");
    // No first name yet: the header names the account by its username.
    const headerLink = page.getByRole("link", { name: `Account: ${shopper.username}` });
    expect(await headerLink.getAttribute("aria-current")).toBe("page");
    const details = page.getByRole("form", { name: "Your details" });
    expect(await details.getByLabel("Email").inputValue()).toBe(shopper.email);
    expect(await details.getByLabel("Phone number").inputValue()).toBe("+254712345678");
    expect(await page.getByTestId("username").textContent()).toBe(shopper.username);
    await review(page, "account-details");
  });

  it("edits the details: a client error, then the API's 409 at the email field, then saved", async () => {
    const form = page.getByRole("form", { name: "Your details" });
    const email = form.getByLabel("Email");
    await form.getByLabel("First name").fill("Achieng");
    await email.fill("achieng-at-example");
    await form.getByRole("button", { name: "Save details" }).click();
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(email)).toBe("Enter a valid email address");
    expect(writes).toEqual([]);
    await review(page, "account-details-invalid");

    // Valid for the contract, refused by the API: another account has it.
    await email.fill(takenEmail);
    await form.getByRole("button", { name: "Save details" }).click();
    await expect.poll(() => describedText(email)).toBe("is already registered");
    expect(await form.getByLabel("First name").getAttribute("aria-invalid")).toBeNull();
    expect(await form.getByRole("alert").textContent()).toBe("Please correct the marked fields.");
    expect(writes).toEqual(["PATCH /api/users/me"]);
    // Refused whole: the name did not change either.
    await page.getByRole("link", { name: `Account: ${shopper.username}` }).waitFor();
    await review(page, "account-details-conflict");

    const newEmail = `achieng.otieno.${tag}@example.com`;
    await email.fill(newEmail);
    await form.getByLabel("Last name").fill("Otieno");
    await form.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Your details are saved.").waitFor();
    expect(await email.getAttribute("aria-invalid")).toBeNull();
    await expect.poll(() => page.getByTestId("account-name").textContent()).toBe("Achieng");
    await page.getByRole("link", { name: "Account: Achieng" }).waitFor();
    expect(await accountNav().textContent()).toContain("Achieng Otieno");
    await review(page, "account-details-saved");

    // Kept: a reload reads them back from the API.
    await page.reload();
    const reloaded = page.getByRole("form", { name: "Your details" });
    await expect.poll(() => reloaded.getByLabel("Email").inputValue()).toBe(newEmail);
    expect(await reloaded.getByLabel("Last name").inputValue()).toBe("Otieno");
    const login = await apiCall(shop, "POST", "/api/auth/login", null, { login: newEmail, password: shopper.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ first_name: "Achieng", last_name: "Otieno", email: newEmail });
  });

  it("manages the address book: keyboard-only add, a second made default, an edit, a confirmed delete; checkout follows", async () => {
    // Something in the cart, so checkout shows its address choice later.
    await page.goto(`${shop.url}/products/${productId}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
    await page.getByRole("link", { name: "Account: Achieng" }).click();
    await accountNav().getByRole("link", { name: "Addresses" }).click();
    await page.getByRole("heading", { name: "Your addresses", level: 1 }).waitFor();
    await page.getByText("No saved addresses yet").waitFor();
    await review(page, "account-addresses-empty");

    // From the keyboard alone: Enter opens the form with the focus in its first field, Tab moves on,
    // Enter on the button saves.
    writes.length = 0;
    await page.getByRole("button", { name: "Add an address" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(focusedLabel).toBe("Full name");
    await page.keyboard.type("Achieng Otieno");
    await page.keyboard.press("Tab");
    await page.keyboard.type("0712345678");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Moi Avenue 12");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focusedLabel()).toBe("Town or city");
    // City left empty first: the contract's rule stops it on the client.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("00100");
    await page.keyboard.press("Tab");
    expect(await focusedLabel()).toBe("Country");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focusedLabel()).toBe("Save address");
    await page.keyboard.press("Enter");
    const form = page.getByRole("form", { name: "New address" });
    const city = form.getByLabel("Town or city");
    await expect.poll(() => city.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(city)).toBe("Required");
    expect(writes).toEqual([]);
    await review(page, "account-address-invalid");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedLabel()).toBe("Town or city");
    await page.keyboard.type("Nairobi");
    await page.keyboard.press("Enter");
    await page.getByText("Address added.").waitFor();
    expect(writes).toEqual(["POST /api/users/me/addresses"]);
    // Back in the list, the focus is on "Add an address" again.
    await expect.poll(focusedLabel).toBe("Add an address");
    const list = page.getByRole("list", { name: "Saved addresses" });
    const first = list.getByRole("listitem", { name: "Achieng Otieno, Moi Avenue 12" });
    expect(await first.textContent()).toContain("Default"); // the first address is the default

    // A second one, with the mouse.
    await page.getByRole("button", { name: "Add an address" }).click();
    const second = page.getByRole("form", { name: "New address" });
    await second.getByLabel("Full name").fill("Otieno Office");
    await second.getByLabel("Phone number").fill("0733445566");
    await second.getByLabel("Address", { exact: true }).fill("Nyerere Road 4");
    await second.getByLabel("Town or city").fill("Kisumu");
    await second.getByLabel("Country").selectOption("KE");
    await second.getByRole("button", { name: "Save address" }).click();
    await page.getByText("Address added.").waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    const office = list.getByRole("listitem", { name: "Otieno Office, Nyerere Road 4" });
    expect(await office.textContent()).not.toContain("Default");

    await office.getByRole("button", { name: "Make default" }).click();
    await page.getByText("“Otieno Office, Nyerere Road 4” is now your default address.").waitFor();
    // Default first, and marked.
    await expect
      .poll(() => list.getByRole("listitem").first().getAttribute("aria-label"))
      .toBe("Otieno Office, Nyerere Road 4");
    expect(await office.textContent()).toContain("Default");
    expect(await first.textContent()).not.toContain("Default");
    await review(page, "account-addresses");

    // Edit: the office moves floors.
    await office.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit Otieno Office, Nyerere Road 4" });
    await edit.getByLabel("Apartment, floor (optional)").fill("3rd floor");
    await review(page, "account-address-edit");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Address saved.").waitFor();
    expect(await office.textContent()).toContain("Nyerere Road 4, 3rd floor");

    // Delete, after a confirmation; keeping it changes nothing.
    await first.getByRole("button", { name: "Delete…" }).click();
    await first.getByText("Delete the address “Achieng Otieno, Moi Avenue 12”? This cannot be undone.").waitFor();
    expect(await focusedLabel()).toBe("Keep it");
    await review(page, "account-address-delete-confirm");
    await first.getByRole("button", { name: "Keep it" }).click();
    expect(await list.getByRole("listitem").count()).toBe(2);
    await first.getByRole("button", { name: "Delete…" }).click();
    await first.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByText("The address “Achieng Otieno, Moi Avenue 12” is deleted.").waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(1);
    const me = await apiCall(shop, "POST", "/api/auth/login", null, {
      login: shopper.username,
      password: shopper.password,
    });
    const saved = await apiCall(shop, "GET", "/api/users/me/addresses", me.body.access_token);
    expect(saved.body.items).toMatchObject([
      { name: "Otieno Office", line2: "3rd floor", city: "Kisumu", phone_number: "+254733445566", is_default: true },
    ]);

    // Checkout (reached in the app, so it reads the same cache) offers exactly what is left.
    await page.getByRole("link", { name: /^Cart/ }).click();
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.getByRole("heading", { name: "Order summary" }).waitFor();
    const choices = page.getByRole("group", { name: "Delivery address" }).getByRole("radio");
    await expect.poll(() => choices.count()).toBe(2);
    expect(await page.getByRole("group", { name: "Delivery address" }).textContent()).toContain(
      "Otieno Office, Nyerere Road 4, Kisumu (KE)",
    );
    expect(await page.getByRole("group", { name: "Delivery address" }).textContent()).not.toContain("Moi Avenue");
  });

  it("shows the wallet: empty and explained, then an admin's credits with the new balance, page by page", async () => {
    await page.getByRole("link", { name: "Account: Achieng" }).click();
    await accountNav().getByRole("link", { name: "Wallet" }).click();
    await page.getByRole("heading", { name: "Your wallet", level: 1 }).waitFor();
    await page.getByText("No wallet activity yet").waitFor();
    expect(await plain(page.getByTestId("wallet-balance"))).toBe("Ksh 0.00");
    expect(await page.locator("#main").textContent()).toContain("credited when an order is refunded");
    await review(page, "account-wallet-empty");

    const me = await apiCall(shop, "POST", "/api/auth/login", null, {
      login: shopper.username,
      password: shopper.password,
    });
    const userId: string = me.body.user.id;
    const credit = await apiCall(shop, "POST", `/api/admin/wallets/${userId}/credits`, adminToken, {
      amount: "750.00",
      reason: "Goodwill for a late delivery",
    });
    expect(credit.status).toBe(201);
    // The page asks again whenever it opens: leave and come back inside the app.
    await accountNav().getByRole("link", { name: "Details" }).click();
    await accountNav().getByRole("link", { name: "Wallet" }).click();
    await expect.poll(() => plain(page.getByTestId("wallet-balance"))).toBe("Ksh 750.00");
    const activity = page.getByRole("list", { name: "Wallet activity" });
    expect(await activity.getByRole("listitem").count()).toBe(1);
    const entry = await plain(activity.getByRole("listitem").first());
    expect(entry).toContain("Goodwill for a late delivery");
    expect(entry).toContain("Top-up");
    expect(entry).toContain("+Ksh 750.00");
    await review(page, "account-wallet");

    // Ten more: eleven entries are two pages of ten, newest first.
    for (let i = 1; i <= 10; i++) {
      const more = await apiCall(shop, "POST", `/api/admin/wallets/${userId}/credits`, adminToken, {
        amount: "10.00",
        reason: `Loyalty bonus ${i}`,
      });
      expect(more.status).toBe(201);
    }
    await page.reload();
    await expect.poll(() => plain(page.getByTestId("wallet-balance"))).toBe("Ksh 850.00");
    await expect.poll(() => activity.getByRole("listitem").count()).toBe(10);
    expect(await activity.getByRole("listitem").first().textContent()).toContain("Loyalty bonus 10");
    await page.getByText("Page 1 of 2").waitFor();
    await page.getByRole("link", { name: "Next" }).click();
    await page.waitForURL(/\/account\/wallet\?page=2$/);
    await page.getByText("Page 2 of 2").waitFor();
    await expect.poll(() => activity.getByRole("listitem").count()).toBe(1);
    expect(await activity.getByRole("listitem").first().textContent()).toContain("Goodwill for a late delivery");
    await review(page, "account-wallet-page-2");
    // A page past the end (an old link) says so and leads back to the latest.
    await page.goto(`${shop.url}/account/wallet?page=9`);
    await page.getByText("Nothing on this page").waitFor();
    await page.getByRole("link", { name: "See the latest activity" }).click();
    await page.waitForURL(/\/account\/wallet$/);
    await expect.poll(() => activity.getByRole("listitem").count()).toBe(10);
  });

  it("logged no page errors", () => {
    expect(seen.errors).toEqual([]);
  });
});
