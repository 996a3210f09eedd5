import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import {
  describedText,
  describeInChromium,
  launchChromium,
  makeAdmin,
  type PageWatch,
  PHONE,
  review,
  type Storefront,
  signIn,
  startStorefront,
  watchPage,
} from "./harness.ts";

/**
 * The marketplace registry in Debian's Chromium against the real API: an admin lists the stores,
 * creates one (a client error, then the API's 409 beside the code, then saved with credentials
 * typed into password inputs), edits it without touching the credentials (they stay), deactivates
 * and activates it from the list while the public /stores page follows; no secret ever reaches
 * the page.
 */
describeInChromium("admin marketplaces", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const admin = { email: `registry.${tag}@example.com`, password: "admin-pass-123" };
  const CLIENT_ID = `cid-${tag}-visible-nowhere`;
  const CLIENT_SECRET = `csecret-${tag}-visible-nowhere`;
  const seen: PageWatch = { errors: [], refusals: [] };
  const writes: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    shop = await startStorefront();
    await shop.modules.marketplaces.ensureHouseMarketplace(shop.ctx, "KES");
    await shop.modules.marketplaces.upsertMarketplace(shop.ctx, {
      code: "jumia",
      name: "Jumia Kenya",
      kind: "jumia",
      currency: "KES",
      shipsTo: "domestic",
      timeBudgetMs: 1200,
    });
    await makeAdmin(shop, { ...admin, username: `registry_${tag}` });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
    page.on("request", (req) => {
      if (req.method() !== "GET") writes.push(`${req.method()} ${new URL(req.url()).pathname}`);
    });
    page.on("response", async (res) => {
      if (new URL(res.url()).pathname.startsWith("/api/")) bodies.push(await res.text().catch(() => ""));
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("an admin signs in from /admin/marketplaces and sees every store with its kind, status and delivery", async () => {
    await page.goto(`${shop.url}/admin/marketplaces`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fmarketplaces$/);
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(/\/admin\/marketplaces$/);
    await page.getByRole("heading", { name: "Marketplaces", level: 1 }).waitFor();
    const rows = page.getByRole("list", { name: "Marketplaces" }).getByRole("listitem");
    await expect.poll(() => rows.count()).toBe(2);
    const jumia = rows.filter({ hasText: "Jumia Kenya" });
    await expect
      .poll(() => jumia.textContent())
      .toMatch(/Kind:Jumia.*Status:Active.*Ships:Delivers in Kenya.*Credentials:None/);
    // The house store has no deactivate button; Jumia has one.
    expect(await rows.filter({ hasText: "sokoni" }).getByRole("button").count()).toBe(0);
    await jumia.getByRole("button", { name: "Deactivate Jumia Kenya" }).waitFor();
    await review(page, "admin-marketplaces");
  });

  it("creates a marketplace: the contract's rule on the client, the API's 409 beside the code, then saved", async () => {
    await page.getByRole("link", { name: "New marketplace" }).click();
    await page.waitForURL(/\/admin\/marketplaces\/new$/);
    const form = page.getByRole("form", { name: "Marketplace" });
    await form.getByLabel("Kind").selectOption("ebay");
    // eBay's credential names are offered; the values are empty password inputs.
    await expect.poll(() => form.getByLabel("New credential 1: name").inputValue()).toBe("client_id");
    expect(await form.getByLabel("New credential 2: name").inputValue()).toBe("client_secret");
    expect(await form.getByLabel("New credential 1: value").getAttribute("type")).toBe("password");
    await review(page, "admin-marketplace-new");

    const code = form.getByLabel("Code", { exact: true });
    await code.fill("Bad Code");
    await form.getByLabel("Name", { exact: true }).fill("eBay Test");
    await form.getByLabel("Currency").fill("usd");
    await form.getByLabel("New credential 1: value").fill(CLIENT_ID);
    await form.getByLabel("New credential 2: value").fill(CLIENT_SECRET);
    const posts = writes.length;
    await form.getByRole("button", { name: "Create marketplace" }).click();
    await expect.poll(() => describedText(code)).toBe("must be a lowercase marketplace code");
    expect(await code.getAttribute("aria-invalid")).toBe("true");
    expect(writes.length).toBe(posts); // nothing was sent

    await code.fill("jumia");
    await form.getByRole("button", { name: "Create marketplace" }).click();
    await expect.poll(() => describedText(code)).toBe("is already taken");
    expect(seen.refusals).toContain("POST /api/admin/marketplaces 409");
    await review(page, "admin-marketplace-code-taken");

    await code.fill(`ebay-${tag}`);
    await form.getByLabel("API base URL").fill("https://api.ebay.example");
    await form.getByLabel("Adapter config (JSON)").fill('{"marketplace_id": "EBAY_US"}');
    await form.getByRole("button", { name: "Create marketplace" }).click();
    await page.waitForURL(new RegExp(`/admin/marketplaces/ebay-${tag}$`));
    await page.getByRole("heading", { name: "Edit eBay Test" }).waitFor();
    await page.getByText("eBay Test was created.").waitFor();
    await page.getByText("credentials saved: client_id, client_secret").waitFor();
    const settings = await shop.modules.marketplaces.getAdapterSettings(shop.ctx, `ebay-${tag}`);
    expect(settings).toMatchObject({
      apiBaseUrl: "https://api.ebay.example",
      adapterConfig: { marketplace_id: "EBAY_US" },
      credentials: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
      marketplace: { currency: "USD", shipsTo: "warehouse" },
    });
    await review(page, "admin-marketplace-edit");
  });

  it("edits without touching the credentials: never pre-filled, and kept", async () => {
    const form = page.getByRole("form", { name: "Marketplace" });
    const saved = form.getByLabel("client_secret (saved)");
    expect(await saved.inputValue()).toBe("");
    expect(await saved.getAttribute("type")).toBe("password");
    await form.getByLabel("Time budget (ms)").fill("900");
    await form.getByLabel("Delivery").selectOption("domestic");
    await form.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved eBay Test.").waitFor();
    const settings = await shop.modules.marketplaces.getAdapterSettings(shop.ctx, `ebay-${tag}`);
    expect(settings.timeBudgetMs).toBe(900);
    expect(settings.marketplace.shipsTo).toBe("domestic");
    expect(settings.credentials).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    for (const body of bodies) {
      expect(body).not.toContain(CLIENT_ID);
      expect(body).not.toContain(CLIENT_SECRET);
    }
  });

  it("deactivates and activates from the list while the public /stores page follows", async () => {
    await page.getByRole("link", { name: "← All marketplaces" }).click();
    await page.waitForURL(/\/admin\/marketplaces$/);
    const row = page.getByRole("list", { name: "Marketplaces" }).getByRole("listitem").filter({ hasText: "eBay Test" });
    await expect.poll(() => row.textContent()).toMatch(/Credentials:Saved \(client_id, client_secret\)/);
    await row.getByRole("button", { name: "Deactivate eBay Test" }).click();
    await page.getByText("eBay Test is now inactive.").waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Status:Inactive/);

    const stores = await context.newPage();
    await stores.goto(`${shop.url}/stores`);
    await stores.getByRole("heading", { name: "Stores", level: 1 }).waitFor();
    const cards = stores.getByRole("list", { name: "Stores" }).getByRole("listitem");
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.filter({ hasText: "eBay Test" }).count()).toBe(0);

    await row.getByRole("button", { name: "Activate eBay Test" }).click();
    await page.getByText("eBay Test is now active.").waitFor();
    await stores.reload();
    await expect.poll(() => cards.count()).toBe(3);
    await review(stores, "stores-after-registry");
    // The store's own page says how its parcels come (the registry's ships_to: domestic now).
    await cards.filter({ hasText: "eBay Test" }).getByRole("link").click();
    await stores.waitForURL(new RegExp(`/stores/ebay-${tag}$`));
    await stores.getByText("Delivered within Kenya by the store.").waitFor();
    await review(stores, "store-after-registry");
    await stores.close();
  });

  it("deletes after a confirmation: a store with products is deactivated instead, and the page says so", async () => {
    await makeProduct(shop.ctx, shop.modules, { marketplace: "jumia", name: `Kiondo basket ${tag}` });
    await page.goto(`${shop.url}/admin/marketplaces/jumia`);
    await page.getByRole("heading", { name: "Edit Jumia Kenya" }).waitFor();
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page
      .getByText("Marketplace jumia still has products, so it was deactivated instead", { exact: false })
      .waitFor();
    await expect
      .poll(async () => (await shop.modules.marketplaces.findMarketplaceByCode(shop.ctx, "jumia"))?.active)
      .toBe(false);
    await review(page, "admin-marketplace-deactivated");

    await page.goto(`${shop.url}/admin/marketplaces/ebay-${tag}`);
    await page.getByRole("heading", { name: "Edit eBay Test" }).waitFor();
    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.waitForURL(/\/admin\/marketplaces$/);
    await page.getByText(`Marketplace ebay-${tag} was deleted`).waitFor();
    const rows = page.getByRole("list", { name: "Marketplaces" }).getByRole("listitem");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await shop.modules.marketplaces.findMarketplaceByCode(shop.ctx, `ebay-${tag}`)).toBeUndefined();

    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual(["POST /api/admin/marketplaces 409"]);
  });
});
