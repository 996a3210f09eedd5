import { randomUUID } from "node:crypto";
import { ITEM_TRANSITIONS } from "@sokoni/contracts";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { seedDemo } from "../../apps/api/src/seed/seed.ts";
import {
  apiCall,
  describedText,
  describeInChromium,
  launchChromium,
  makeAdmin,
  NAIROBI,
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
 * The admin console's catalog screens in Debian's Chromium against the real API: the category
 * tree (create under a parent, an API field error, keyboard moves, a delete refused with 409, a
 * delete), a product put in the new category with the picker that a shopper then finds there, an
 * fx rate (a client error first), an archived product found under the "archived" filter and
 * restored, and one item of a wallet-paid order moved with the order following (and a stale
 * item move refused with 409).
 */
/** The labels the console shows for statuses ("partially_refunded" → "Partially refunded"). */
const humanize = (s: string) => {
  const t = s.replace(/_/g, " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
};

describeInChromium("admin catalog screens", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const admin = { email: `catalog.${tag}@example.com`, password: "admin-pass-123" };
  const shopper = { username: `otieno_${tag}`, email: `otieno.${tag}@example.com`, password: "shopper-pass-1" };
  const category = { name: `Baskets ${tag}`, slug: `baskets-${tag}` };
  let shopperId = "";
  let shopperToken = "";
  let adminToken = "";
  const seen: PageWatch = { errors: [], refusals: [] };
  const writes: string[] = [];

  function watch(p: Page) {
    watchPage(p, seen);
    p.on("request", (req) => {
      if (req.method() !== "GET") writes.push(`${req.method()} ${new URL(req.url()).pathname}`);
    });
  }

  beforeAll(async () => {
    shop = await startStorefront();
    await seedDemo(shop.ctx, shop.modules, { storeCurrency: "KES", products: 6 });
    adminToken = await makeAdmin(shop, { ...admin, username: `catalog_${tag}` });
    ({ id: shopperId, token: shopperToken } = await registerShopper(shop, { ...shopper, phone_number: "0712345678" }));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watch(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("an admin signs in from /admin/categories and sees the tree, indented, moving with the arrow keys", async () => {
    await page.goto(`${shop.url}/admin/categories`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fcategories$/);
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(/\/admin\/categories$/);
    await page.getByRole("heading", { name: "Categories", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Admin" });
    expect(await nav.getByRole("link", { name: "Categories" }).getAttribute("aria-current")).toBe("page");

    const flat = (await apiCall(shop, "GET", "/api/categories", null)).body.items as { name: string; depth: number }[];
    const tree = page.getByRole("list", { name: "Category tree" });
    await expect.poll(() => tree.getByRole("button", { name: /^Edit / }).count()).toBe(flat.length);
    // A child sits in its parent's list item, one level deeper.
    const child = flat.find((c) => c.depth === 1);
    const parentOfChild = tree.getByRole("button", { name: `Edit ${child?.name}` }).locator("xpath=ancestor::li[2]");
    expect(
      await parentOfChild
        .getByRole("button", { name: /^Edit / })
        .first()
        .textContent(),
    ).toBe(`Edit ${flat[0]?.name}`);

    // ↓ from the first row goes to the next category in tree order (its first child), End to the last, Home back.
    await tree.getByRole("button", { name: `Edit ${flat[0]?.name}` }).focus();
    await page.keyboard.press("ArrowDown");
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    expect(await focused()).toBe(`Edit ${flat[1]?.name}`);
    await page.keyboard.press("End");
    expect(await focused()).toBe(`Edit ${flat.at(-1)?.name}`);
    await page.keyboard.press("Home");
    expect(await focused()).toBe(`Edit ${flat[0]?.name}`);
    await review(page, "admin-categories");
  });

  it("creates a category under a parent: a client error, then the API's field error beside the slug, then valid", async () => {
    const form = page.getByRole("form", { name: "Category" });
    const sent = () => writes.slice(before);
    const before = writes.length;
    await form.getByLabel("Name").fill(category.name);
    await form.getByLabel("Slug").fill("Woven Baskets!");
    await form.getByLabel("Parent").selectOption({ label: "Home & Kitchen" });
    await form.getByRole("button", { name: "Create category" }).click();
    const slug = form.getByLabel("Slug");
    await expect.poll(() => slug.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(slug)).toBe("must be lowercase letters, digits and single hyphens");
    expect(sent()).toEqual([]);
    await review(page, "admin-category-invalid");

    // Valid for the contract, refused by the API: the slug is taken.
    await slug.fill("electronics");
    await form.getByRole("button", { name: "Create category" }).click();
    await expect.poll(() => describedText(slug)).toBe("is already taken");
    expect(sent()).toEqual(["POST /api/categories"]);

    await slug.fill(category.slug);
    await form.getByRole("button", { name: "Create category" }).click();
    await page.getByText(`Created “${category.name}”.`).waitFor();
    const tree = page.getByRole("list", { name: "Category tree" });
    const row = tree.getByRole("button", { name: `Edit ${category.name}` });
    await row.waitFor();
    expect(
      await row
        .locator("xpath=ancestor::li[2]")
        .getByRole("button", { name: /^Edit / })
        .first()
        .textContent(),
    ).toBe("Edit Home & Kitchen");
    const created = (await apiCall(shop, "GET", `/api/categories/${category.slug}`, null)).body;
    expect(created.ancestors.map((a: { slug: string }) => a.slug)).toEqual(["home-kitchen"]);
    // The form is empty again for the next one.
    expect(await form.getByLabel("Name").inputValue()).toBe("");
  });

  it("edits a category, refuses to delete one with sub-categories (the API's 409), deletes an empty one", async () => {
    const tree = page.getByRole("list", { name: "Category tree" });
    await tree.getByRole("button", { name: `Edit ${category.name}` }).click();
    await page.waitForURL(/\/admin\/categories\?edit=/);
    await page.getByRole("heading", { name: `Edit “${category.name}”` }).waitFor();
    const form = page.getByRole("form", { name: "Category" });
    // The category cannot become its own parent.
    expect(await form.getByLabel("Parent").locator("option").allTextContents()).not.toContain(
      `Home & Kitchen › ${category.name}`,
    );
    await form.getByLabel("Description (optional)").fill("Sisal and palm baskets.");
    await form.getByRole("button", { name: "Save changes" }).click();
    await page.getByText(`Saved “${category.name}”.`).waitFor();
    await page.waitForURL(/\/admin\/categories$/);
    expect((await apiCall(shop, "GET", `/api/categories/${category.slug}`, null)).body.description).toBe(
      "Sisal and palm baskets.",
    );

    await tree.getByRole("button", { name: "Delete Home & Kitchen" }).click();
    await page.getByText("Delete “Home & Kitchen”? Its products become uncategorised.").waitFor();
    await review(page, "admin-category-delete-confirm");
    await page.getByRole("button", { name: "Yes, delete" }).click();
    const home = (await apiCall(shop, "GET", "/api/categories/home-kitchen", null)).body;
    const refused = await apiCall(shop, "DELETE", `/api/categories/${home.id}`, adminToken);
    expect(refused.status).toBe(409);
    const alert = tree.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe(refused.body.detail);
    await review(page, "admin-category-delete-refused");

    const spare = await apiCall(shop, "POST", "/api/categories", adminToken, { name: `Spare ${tag}` });
    expect(spare.status).toBe(201);
    await page.reload();
    await tree.getByRole("button", { name: `Delete Spare ${tag}` }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByText(`Deleted “Spare ${tag}”.`).waitFor();
    expect(await tree.getByRole("button", { name: `Edit Spare ${tag}` }).count()).toBe(0);
    expect((await apiCall(shop, "GET", `/api/categories/${spare.body.slug}`, null)).status).toBe(404);
  });

  it("creates a product in the new category with the picker, and a shopper finds it in that category", async () => {
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Products" }).click();
    await page.getByRole("link", { name: "New product" }).click();
    const form = page.getByRole("form", { name: "Product" });
    await form.getByLabel("Name").waitFor();
    expect(await form.getByLabel("Marketplace").inputValue()).toBe("sokoni");
    const marketplaces = (await apiCall(shop, "GET", "/api/marketplaces", null)).body.items as { name: string }[];
    expect(await form.getByLabel("Marketplace").locator("option").allTextContents()).toEqual(
      marketplaces.map((m) => m.name),
    );
    await form.getByLabel("Name").fill(`Woven Kiondo ${tag}`);
    await form.getByLabel("Price").fill("1200.00");
    await form.getByLabel("Stock").fill("4");
    await form.getByLabel("Category").selectOption({ label: `Home & Kitchen › ${category.name}` });
    await review(page, "admin-product-category-picker");
    await form.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("heading", { name: `Edit Woven Kiondo ${tag}` }).waitFor();
    // The editor shows the product's category in the picker.
    expect(await page.getByRole("form", { name: "Product" }).getByLabel("Category").inputValue()).toBe(category.slug);

    const guest = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    const p = await guest.newPage();
    watch(p);
    await p.goto(`${shop.url}/search?category=${category.slug}`);
    await p.getByRole("link", { name: new RegExp(`Woven Kiondo ${tag}`) }).waitFor();
    await guest.close();
  });

  it("sets an fx rate: a client error first, then the rate and the re-pricing", async () => {
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Exchange rates" }).click();
    await page.getByRole("heading", { name: "Exchange rates", level: 1 }).waitFor();
    await page.getByText("A rate is the number of KES one unit of the currency buys").waitFor();
    const table = page.getByRole("table");
    expect(await table.getByRole("columnheader").allTextContents()).toEqual([
      "Currency",
      "Rate (KES per unit)",
      "Updated",
      "Actions",
    ]);
    expect(await table.getByRole("rowheader").allTextContents()).toEqual(["EUR", "GBP", "KES", "TZS", "UGX", "USD"]);
    await review(page, "admin-fx-rates");

    const form = page.getByRole("form", { name: "Set a rate" });
    await page.getByRole("button", { name: "Change the USD rate" }).click();
    expect(await form.getByLabel("Currency").inputValue()).toBe("USD");
    const rate = form.getByLabel("Rate (KES per unit)");
    expect(await rate.evaluate((el) => el === document.activeElement)).toBe(true);
    const before = writes.length;
    await rate.fill("12,5");
    await form.getByRole("button", { name: "Set rate" }).click();
    await expect.poll(() => rate.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(rate)).toBe("Enter a positive number like 129.5 (at most 10 decimals)");
    expect(writes.length).toBe(before);
    await review(page, "admin-fx-rate-invalid");

    await rate.fill("131.25");
    await form.getByRole("button", { name: "Set rate" }).click();
    await page.getByText(/^1 USD = 131\.25 KES; \d+ products? re-priced\.$/).waitFor();
    const usd = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "USD" }) });
    await expect.poll(() => usd.getByRole("cell").first().textContent()).toBe("131.25");
    const rates = (await apiCall(shop, "GET", "/api/fx-rates", null)).body.items as {
      currency: string;
      rate: string;
    }[];
    expect(Number(rates.find((r) => r.currency === "USD")?.rate)).toBe(131.25);
  });

  it("archives a product, finds it under the archived filter and restores it from the list", async () => {
    const tote = await makeProduct(shop.ctx, shop.modules, { name: `Sisal Tote ${tag}`, price: "900.00" });
    await page.goto(`${shop.url}/admin/products/${tote.id}`);
    await page.getByRole("heading", { name: `Edit Sisal Tote ${tag}` }).waitFor();
    await page.getByRole("button", { name: "Archive" }).click();
    await page.getByRole("button", { name: "Restore" }).waitFor();

    await page.getByRole("link", { name: "← All products" }).click();
    await page.getByLabel("Status").selectOption("archived");
    await page.waitForURL(/\/admin\/products\?status=archived$/);
    const list = page.getByRole("list", { name: "Products" });
    await expect.poll(() => list.getByRole("link").allTextContents()).toEqual([`Sisal Tote ${tag}`]);
    await expect.poll(() => page.getByTestId("admin-product-count").textContent()).toBe("1 product");
    await review(page, "admin-products-archived");
    // The public listing does not show it; the status filter survives a reload.
    const pub = (await apiCall(shop, "GET", `/api/products?q=${encodeURIComponent(`Sisal Tote ${tag}`)}`, null)).body;
    expect(pub.items.map((p: { id: string }) => p.id)).not.toContain(tote.id);
    await page.reload();
    expect(await page.getByLabel("Status").inputValue()).toBe("archived");

    await list.getByRole("button", { name: `Restore Sisal Tote ${tag}` }).click();
    await page.getByText("No archived products").waitFor();
    expect((await apiCall(shop, "GET", `/api/products/${tote.id}`, null)).body.status).toBe("active");
    await page.getByLabel("Status").selectOption("all");
    await page.waitForURL(/\/admin\/products$/);
    await list.getByRole("link", { name: `Sisal Tote ${tag}` }).waitFor();
  });

  it("moves one item of a paid order, the order follows; a stale item move is refused with the API's 409", async () => {
    const credit = await apiCall(shop, "POST", `/api/admin/wallets/${shopperId}/credits`, adminToken, {
      amount: "5000.00",
      reason: "Browser test top-up",
    });
    expect(credit.status).toBe(201);
    const towel = await makeProduct(shop.ctx, shop.modules, { name: `Kikoy Towel ${tag}`, price: "500.00" });
    const mug = await makeProduct(shop.ctx, shop.modules, { name: `Enamel Mug ${tag}`, price: "300.00" });
    const placed = await apiCall(
      shop,
      "POST",
      "/api/orders",
      shopperToken,
      {
        shipping_address: NAIROBI,
        payment_method: "wallet",
        items: [
          { product_id: towel.id, quantity: 1 },
          { product_id: mug.id, quantity: 2 },
        ],
      },
      { "idempotency-key": randomUUID() },
    );
    expect(placed.status).toBe(201);
    const order = placed.body.order as {
      id: string;
      number: string;
      status: string;
      items: { id: string; title: string; status: keyof typeof ITEM_TRANSITIONS }[];
    };
    expect(order.status).toBe("paid");
    const [first, second] = order.items;
    if (!first || !second) throw new Error("the order has two items");

    await page.goto(`${shop.url}/admin/orders/${order.id}`);
    await page.getByRole("heading", { name: `Order ${order.number}` }).waitFor();
    const items = page.getByRole("region", { name: "Items" });
    const firstForm = items.getByRole("form", { name: `Move ${first.title}` });
    expect(await firstForm.getByLabel("Item status").locator("option").allTextContents()).toEqual(
      ITEM_TRANSITIONS[first.status].map(humanize),
    );
    await review(page, "admin-order-items");

    await firstForm.getByLabel("Item status").selectOption("shipped");
    await firstForm.getByRole("button", { name: "Move item" }).click();
    await items.getByText(`${first.title}: shipped. The order is processing.`).waitFor();
    await expect.poll(() => page.getByTestId("order-status").first().textContent()).toBe("Processing");
    expect(await firstForm.getByLabel("Item status").locator("option").allTextContents()).toEqual(
      ITEM_TRANSITIONS.shipped.map(humanize),
    );
    expect((await apiCall(shop, "GET", `/api/orders/${order.id}`, adminToken)).body.status).toBe("processing");

    // The second item is shipped elsewhere while this page still shows it pending: the API refuses.
    const elsewhere = await apiCall(
      shop,
      "PATCH",
      `/api/admin/orders/${order.id}/items/${second.id}/status`,
      adminToken,
      {
        status: "shipped",
      },
    );
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.status).toBe("shipped");
    const secondForm = items.getByRole("form", { name: `Move ${second.title}` });
    await secondForm.getByLabel("Item status").selectOption("ordered");
    await secondForm.getByRole("button", { name: "Move item" }).click();
    const alert = items.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("An item that is shipped cannot become ordered");
    // The page reads the order again: both items and the order are shipped, the refusal stays in view.
    await expect.poll(() => page.getByTestId("order-status").first().textContent()).toBe("Shipped");
    expect(await secondForm.getByLabel("Item status").locator("option").allTextContents()).toEqual(
      ITEM_TRANSITIONS.shipped.map(humanize),
    );
    expect(await alert.textContent()).toBe("An item that is shipped cannot become ordered");
    await review(page, "admin-order-item-refused");
  });

  it("no script errors, and no refused request but the ones the test provoked", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals.map((r) => r.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id"))).toEqual([
      "POST /api/categories 409",
      "DELETE /api/categories/:id 409",
      "PATCH /api/admin/orders/:id/items/:id/status 409",
    ]);
  });
});
