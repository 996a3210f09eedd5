import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeInChromium,
  launchChromium,
  type PageWatch,
  PHONE,
  review,
  SIMULATED_STORES,
  type Storefront,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * Search everywhere in Debian's Chromium against the real API and the eBay, Amazon and Jumia
 * simulators (registered through the admin API): an item's offers side by side with the cheapest
 * and best rated marked, sorting by price in the URL, an eBay offer carted under eBay, the product
 * page's "Also sold by", and a slow eBay named in the status line while the other stores' results show.
 */
describeInChromium("search everywhere", { timeout: 90_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const seen: PageWatch = { errors: [], refusals: [] };

  beforeAll(async () => {
    shop = await startStorefront({}, { marketplaces: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  const items = () => page.getByTestId("search-item");
  const offersOf = (item: Locator) => item.getByRole("list", { name: "Offers" }).getByRole("listitem");
  const kes = (text: string) => Number(/Ksh[\s\u00a0]?([\d,]+\.\d\d)/.exec(text)?.[1]?.replaceAll(",", "") ?? "NaN");

  /** Each item's cheapest offer in KES, in page order. */
  async function cheapestPrices(): Promise<number[]> {
    const out: number[] = [];
    for (const item of await items().all()) {
      out.push(kes((await offersOf(item).filter({ hasText: "Cheapest" }).first().textContent()) ?? ""));
    }
    return out;
  }

  /** The first item on the page whose offers come from two stores or more. */
  async function multiStoreItem(): Promise<Locator> {
    for (const item of await items().all()) {
      const stores = await offersOf(item).evaluateAll((lis) => lis.map((li) => li.getAttribute("data-store")));
      if (new Set(stores).size >= 2) return item;
    }
    throw new Error("no item with offers from two stores");
  }

  it("a search from the header lines up an item's offers from several stores side by side", async () => {
    await page.goto(shop.url);
    await page.getByRole("searchbox", { name: "Search products" }).first().fill("iphone 13");
    await page.getByRole("button", { name: "Search" }).first().press("Enter");
    await page.waitForURL(/\/search\?q=iphone%2013$/);
    await page.getByRole("heading", { name: "Results for “iphone 13”" }).waitFor();
    await items().first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("result-count").textContent()).toMatch(/^\d+ products?$/);
    expect(await page.getByTestId("source-status").count()).toBe(0);

    const item = await multiStoreItem();
    const offers = offersOf(item);
    expect(await offers.count()).toBeGreaterThanOrEqual(2);
    // Side by side: the first two offers on one row.
    const [a, b] = [await offers.nth(0).boundingBox(), await offers.nth(1).boundingBox()];
    expect(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x).toBe(true);
    expect(await offers.filter({ hasText: "Cheapest" }).count()).toBe(1);
    expect(await offers.filter({ hasText: "Best rated" }).count()).toBe(1);
    const text = (await item.textContent()) ?? "";
    // KES first, the store's own USD price beside it; the delivery estimate of each route.
    expect(text).toMatch(/Ksh[\s\u00a0]?[\d,]+\.\d\d\s*originally US\$[\s\u00a0]?[\d,]+\.\d\d/);
    expect(text).toMatch(/Delivery \d+–\d+ days/);
    expect(text).toMatch(/★ Rated \d\.\d of 5 \([\d,]+\)/);
    // The simulators' pictures load (the CSP lets the loopback simulators' http: images through outside production).
    const picture = items().first().locator("img").first();
    await expect
      .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await review(page, "search-everywhere");
  });

  it("sorting by price goes in the URL and orders the items by their cheapest offer", async () => {
    const before = await items().getByRole("heading").allTextContents();
    await page.getByText("Filters and sort").click();
    const filters = page.getByRole("form", { name: "Filters" }).first();
    await filters.getByLabel("Sort by").selectOption("price_asc");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "price_asc");
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ q: "iphone 13", sort: "price_asc" });
    await expect.poll(() => items().getByRole("heading").allTextContents()).not.toEqual(before);
    const prices = await cheapestPrices();
    expect(prices.length).toBeGreaterThan(1);
    expect(prices.every((p) => Number.isFinite(p))).toBe(true);
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    await review(page, "search-everywhere-by-price");
  });

  it("adds an eBay offer to the cart, which groups it under eBay", async () => {
    const offer = page.locator(`[data-store="${SIMULATED_STORES.ebay.code}"]`).first();
    await offer.getByRole("button", { name: "Add to cart from eBay" }).click();
    await offer.getByText("Added.").waitFor();
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
    await page.goto(`${shop.url}/cart`);
    const group = page.getByRole("region", { name: /^eBay/ });
    await group.waitFor();
    expect(await group.getByRole("listitem").count()).toBe(1);
    await review(page, "search-everywhere-cart");
  });

  it("the product page lists the item's other offers under “Also sold by”", async () => {
    await page.goto(`${shop.url}/search?q=iphone%2013`);
    await items().first().waitFor({ timeout: 15_000 });
    const item = await multiStoreItem();
    const stores = await offersOf(item).evaluateAll((lis) => lis.map((li) => li.getAttribute("data-store")));
    await item.getByRole("heading").getByRole("link").click();
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/);
    const also = page.getByRole("region", { name: "Also sold by" });
    await also.waitFor();
    const others = also.getByRole("list", { name: "Other offers" }).getByRole("listitem");
    expect(await others.count()).toBeGreaterThanOrEqual(1);
    for (const store of await others.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-store")))) {
      expect(stores).toContain(store);
    }
    // The cheapest is marked, or the page says this store is it.
    const cheapestMarks = await others.filter({ hasText: "Cheapest" }).count();
    const thisIsCheapest = await also.getByText("This store has the cheapest offer.").count();
    expect(cheapestMarks + thisIsCheapest).toBe(1);
    await review(page, "product-also-sold-by");

    // Each offer leads to its own product page.
    const heading = await page.getByRole("heading", { level: 1 }).textContent();
    await others.first().getByRole("link").click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).not.toBe(heading);
    await page.getByRole("region", { name: "Also sold by" }).waitFor();
  });

  it("a slow eBay is named in the status line while the other stores' results show", async () => {
    shop.marketplaces?.ebay.setMode({ slow: true });
    try {
      // A query not searched before: the API keeps each store's answer to a query for a minute.
      await page.goto(`${shop.url}/search?q=galaxy`);
      const status = page.getByTestId("source-status");
      await status.waitFor({ timeout: 15_000 });
      expect(await status.textContent()).toBe("eBay did not answer in time — results from the other stores.");
      await items().first().waitFor();
      const stores = await page
        .locator("[data-store]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-store")));
      expect(stores).not.toContain(SIMULATED_STORES.ebay.code);
      expect(stores.length).toBeGreaterThan(0);
      await review(page, "search-everywhere-slow-store");
    } finally {
      shop.marketplaces?.ebay.resetMode();
    }
    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual([]);
  });
});
