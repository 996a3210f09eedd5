import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { seedDemo } from "../../apps/api/src/seed/seed.ts";
import {
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
 * The browsing pages in Debian's Chromium against the real API: how Sokoni works on the home
 * page, the stores and one store's page, a product's picture gallery (keyboard too), and the
 * recently viewed row that follows what this browser opened.
 */
describeInChromium("catalog pages", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let page: Page;
  const seen: PageWatch = { errors: [], refusals: [] };
  const picture = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
  let towelId = "";
  let basketId = "";

  beforeAll(async () => {
    shop = await startStorefront();
    await seedDemo(shop.ctx, shop.modules, { storeCurrency: "KES", products: 30 });
    const towel = await makeProduct(shop.ctx, shop.modules, {
      name: "Kikoi Beach Towel",
      price: "1450.00",
      stock: 5,
      imageUrl: "https://img.example/front.svg",
      images: ["https://img.example/side.svg", "https://img.example/box.svg"],
    });
    const basket = await makeProduct(shop.ctx, shop.modules, {
      name: "Kiondo Sisal Basket",
      price: "990.00",
      stock: 3,
    });
    towelId = towel.id;
    basketId = basket.id;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    // The pictures' host is not reachable from the test: answer with a small picture per path.
    await context.route("https://img.example/**", (route) =>
      route.fulfill({ contentType: "image/svg+xml", body: picture }),
    );
    page = await context.newPage();
    watchPage(page, seen);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("home says how Sokoni works and links every store to its page", async () => {
    await page.goto(shop.url);
    await page.getByRole("heading", { name: "How Sokoni works" }).waitFor();
    expect(await page.getByRole("heading", { name: "Recently viewed" }).count()).toBe(0);
    const stores = page.getByRole("list", { name: "Stores" }).getByRole("link");
    await stores.first().waitFor();
    const hrefs = await stores.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(expect.arrayContaining(["/stores/sokoni", "/stores/jumia", "/stores/amazon"]));
  });

  it("lists the stores, and a store's page shows its products only", async () => {
    await page.goto(`${shop.url}/stores`);
    await page.getByRole("heading", { name: "Stores", level: 1 }).waitFor();
    const cards = page.getByRole("list", { name: "Stores" }).getByRole("listitem");
    const count = (await shop.modules.marketplaces.listMarketplaces(shop.ctx)).total;
    await expect.poll(() => cards.count()).toBe(count);
    await review(page, "stores");

    await cards.filter({ hasText: "Jumia" }).getByRole("link").click();
    await page.waitForURL(/\/stores\/jumia$/);
    await page.getByRole("heading", { name: /Jumia/, level: 1 }).waitFor();
    const products = page.getByRole("list", { name: "Products from this store" }).getByRole("listitem");
    await products.first().waitFor();
    const sellers = await products.evaluateAll((items) => items.map((li) => li.querySelector("p")?.textContent ?? ""));
    expect(sellers.length).toBeGreaterThan(0);
    for (const seller of sellers) expect(seller).toMatch(/^Jumia/);
    await review(page, "store");

    await page.goto(`${shop.url}/stores/no-such-store`);
    await page.getByRole("heading", { name: "Store not found" }).waitFor();
  });

  it("shows a product's pictures; thumbnails switch the main one, from the keyboard too", async () => {
    await page.goto(`${shop.url}/products/${towelId}`);
    await page.getByRole("heading", { name: "Kikoi Beach Towel", level: 1 }).waitFor();
    const main = page.getByRole("img", { name: /^Kikoi Beach Towel, picture/ });
    expect(await main.getAttribute("alt")).toBe("Kikoi Beach Towel, picture 1 of 3");
    expect(await main.getAttribute("src")).toBe("https://img.example/front.svg");
    await page.getByRole("button", { name: "Show picture 2 of 3" }).click();
    expect(await main.getAttribute("src")).toBe("https://img.example/side.svg");
    expect(await page.getByRole("button", { name: "Show picture 2 of 3" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Show picture 3 of 3" }).focus();
    await page.keyboard.press("Enter");
    expect(await main.getAttribute("src")).toBe("https://img.example/box.svg");
    await review(page, "product-gallery");
  });

  it("remembers what this browser viewed, newest first, across a reload", async () => {
    await page.goto(`${shop.url}/products/${basketId}`);
    await page.getByRole("heading", { name: "Kiondo Sisal Basket", level: 1 }).waitFor();
    // The product page shows the others, not itself.
    const onProduct = page.getByRole("list", { name: "Recently viewed products" }).getByRole("link");
    expect(await onProduct.allTextContents()).toEqual([expect.stringContaining("Kikoi Beach Towel")]);

    await page.goto(shop.url);
    await page.reload();
    const viewed = page.getByRole("list", { name: "Recently viewed products" }).getByRole("link");
    await viewed.first().waitFor();
    const names = await viewed.allTextContents();
    expect(names).toHaveLength(2);
    expect(names[0]).toContain("Kiondo Sisal Basket");
    expect(names[1]).toContain("Kikoi Beach Towel");
    await review(page, "home-recently-viewed");
    await viewed.nth(1).click();
    await page.waitForURL(new RegExp(`/products/${towelId}$`));
  });

  it("no script errors", () => {
    expect(seen.errors).toEqual([]);
  });
});
