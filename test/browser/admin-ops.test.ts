import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct } from "../../apps/api/src/modules/catalog/catalog.factories.ts";
import { SEND_EMAIL_JOB } from "../../apps/api/src/modules/notifications/index.ts";
import { installJobQueue } from "../../apps/api/src/platform/jobs/queue.ts";
import { createLogger } from "../../apps/api/src/platform/log.ts";
import { runWorker } from "../../apps/api/src/worker.ts";
import {
  apiCall,
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
 * The admin console's operations screens in Debian's Chromium against the real API and worker:
 * the dashboard follows an order placed during the test; transactions filtered in the URL; a
 * shopper's wallet topped up through the form (a client error, the API's field error, then
 * success that the shopper's own GET /api/wallet shows); an email opened (its HTML only in a
 * sandboxed iframe); and a job that really failed (SMTP refusing mail, retries used up) retried
 * once SMTP accepts again. A customer gets the forbidden page.
 */
describeInChromium("admin operations", { timeout: 90_000 }, () => {
  let shop: Storefront;
  let smtp: SMTPServer;
  let stopWorker: (() => Promise<void>) | undefined;
  let refusing = true;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const admin = { email: `ops.${tag}@example.com`, password: "admin-pass-123" };
  const shopper = { username: `njeri_${tag}`, email: `njeri.${tag}@example.com`, password: "shopper-pass-1" };
  let shopperToken = "";
  let adminToken = "";
  let productId = "";
  const seen: PageWatch = { errors: [], refusals: [] };
  const creditPosts: string[] = [];

  async function placeOrder(method: "wallet" | "mock") {
    const res = await apiCall(
      shop,
      "POST",
      "/api/orders",
      shopperToken,
      { shipping_address: NAIROBI, payment_method: method, items: [{ product_id: productId, quantity: 1 }] },
      { "idempotency-key": randomUUID() },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.order as { id: string; number: string; status: string };
  }

  function watch(p: Page) {
    watchPage(p, seen);
    p.on("request", (req) => {
      if (req.method() === "POST" && /\/api\/admin\/wallets\/.+\/credits$/.test(new URL(req.url()).pathname))
        creditPosts.push(req.url());
    });
  }

  const nav = () => page.getByRole("navigation", { name: "Admin" });

  beforeAll(async () => {
    // An SMTP server that refuses every recipient until the test lets it accept: email jobs fail for real.
    smtp = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(_address, _session, cb) {
        if (refusing) cb(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 }));
        else cb();
      },
      onData(stream, _session, cb) {
        stream.resume();
        stream.on("end", () => cb());
      },
    });
    smtp.listen(0, "127.0.0.1");
    await once(smtp.server, "listening");
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    shop = await startStorefront({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    // Short retries: two attempts one second apart, then the job is failed (and dead-lettered).
    await installJobQueue(shop.database, [{ name: SEND_EMAIL_JOB, retryLimit: 1, retryDelay: 1 }]);
    stopWorker = await runWorker(shop.modules, shop.database, createLogger("silent"));

    productId = (
      await makeProduct(shop.ctx, shop.modules, { name: `Kiondo Basket ${tag}`, price: "500.00", stock: 20 })
    ).id;
    adminToken = await makeAdmin(shop, { ...admin, username: `ops_${tag}` });
    shopperToken = (await registerShopper(shop, { ...shopper, phone_number: "0722123456" })).token;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watch(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopWorker?.();
    await shop?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  it("an admin lands on the dashboard, whose figures follow an order placed meanwhile", async () => {
    await page.goto(`${shop.url}/admin`);
    await page.waitForURL(/\/login\?next=%2Fadmin$/);
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(/\/admin$/);
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    expect(await nav().getByRole("link", { name: "Dashboard" }).getAttribute("aria-current")).toBe("page");
    await expect.poll(() => page.getByTestId("orders-today").textContent()).toBe("0");
    expect(await page.getByTestId("revenue-today").textContent()).toMatch(/^Ksh\s?0\.00$/i);
    await page.getByText("No payments yet.").waitFor();

    // The shopper gets money from the admin and pays an order with it; another order waits for the gateway.
    const credit = await apiCall(
      shop,
      "POST",
      `/api/admin/wallets/${(await me(shopperToken)).id}/credits`,
      adminToken,
      {
        amount: "2000.00",
        reason: "Welcome credit",
      },
    );
    expect(credit.status).toBe(201);
    expect((await placeOrder("wallet")).status).toBe("paid");
    expect((await placeOrder("mock")).status).toBe("pending_payment");

    await page.reload();
    await expect.poll(() => page.getByTestId("orders-today").textContent()).toBe("2");
    expect(await page.getByTestId("revenue-today").textContent()).toMatch(/^Ksh\s?500\.00$/i);
    expect(await page.getByTestId("orders-week").textContent()).toBe("2");
    expect(await page.getByTestId("orders-paid").textContent()).toBe("1");
    expect(await page.getByTestId("orders-pending_payment").textContent()).toBe("1");
    expect(await page.getByTestId("payments-succeeded-count").textContent()).toBe("1");
    expect(await page.getByTestId("payments-pending-count").textContent()).toBe("1");
    await review(page, "admin-dashboard");
  });

  it("filters transactions, the filters kept in the URL, and opens a transaction's order", async () => {
    await nav().getByRole("link", { name: "Transactions" }).click();
    await page.getByRole("heading", { name: "Transactions", level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId("transaction-count").textContent()).toBe("2 transactions");
    await page.getByLabel("Status").selectOption("succeeded");
    await page.waitForURL(/\/admin\/transactions\?status=succeeded$/);
    await expect.poll(() => page.getByTestId("transaction-count").textContent()).toBe("1 transaction");
    expect(await page.getByRole("list", { name: "Transactions" }).textContent()).toMatch(/Wallet.*Succeeded/);
    await review(page, "admin-transactions");

    await page.getByLabel("Provider").selectOption("mpesa");
    await page.waitForURL(/\/admin\/transactions\?status=succeeded&provider=mpesa$/);
    await page.getByText("No transactions match these filters").waitFor();
    // The URL alone restores the filters.
    await page.goto(`${shop.url}/admin/transactions?status=pending&provider=mock`);
    await expect.poll(() => page.getByTestId("transaction-count").textContent()).toBe("1 transaction");
    expect(await page.getByLabel("Status").inputValue()).toBe("pending");
    expect(await page.getByLabel("Provider").inputValue()).toBe("mock");
    await page.getByRole("link", { name: "View order" }).click();
    await page.waitForURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: /^Order SK-\d+$/ }).waitFor();
  });

  it("tops up a shopper's wallet: a client error, the API's field error, then a credit the shopper sees", async () => {
    await nav().getByRole("link", { name: "Wallet top-ups" }).click();
    await page.getByRole("heading", { name: "Wallet top-ups", level: 1 }).waitFor();
    await page.getByLabel("Email, username or phone").fill("0722123456");
    await page.locator("#main").getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/admin\/wallets\?q=0722123456$/);
    const found = page.getByRole("list", { name: "Customers found" });
    await expect.poll(() => found.getByRole("listitem").count()).toBe(1);
    await review(page, "admin-wallet-search");
    await found.getByRole("button", { name: `Choose ${shopper.email}` }).click();
    await page.getByRole("heading", { name: new RegExp(`Wallet of ${shopper.username}`) }).waitFor();
    // 2000 credited, 500 spent on the paid order.
    await expect.poll(() => page.getByTestId("wallet-balance").textContent()).toMatch(/^Ksh\s?1,500\.00$/i);

    const form = page.getByRole("form", { name: "Credit wallet" });
    const amount = form.getByLabel("Amount (KES)");
    await amount.fill("12,50");
    await form.getByLabel("Reason").fill("Sorry for the late parcel");
    await form.getByRole("button", { name: "Credit wallet" }).click();
    await expect.poll(() => amount.getAttribute("aria-invalid")).toBe("true");
    const described = ((await amount.getAttribute("aria-describedby")) ?? "").split(" ")[0];
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe("Enter an amount like 500.00");
    expect(creditPosts).toEqual([]);
    await review(page, "admin-wallet-invalid");

    // Valid for the contract, refused by the API (nothing to credit): its field error beside Amount.
    await amount.fill("0");
    await form.getByRole("button", { name: "Credit wallet" }).click();
    await expect.poll(() => creditPosts.length).toBe(1);
    await expect
      .poll(async () =>
        page.locator(`[id="${((await amount.getAttribute("aria-describedby")) ?? "").split(" ")[0]}"]`).textContent(),
      )
      .toBe("must be > 0");

    await amount.fill("250.00");
    await form.getByRole("button", { name: "Credit wallet" }).click();
    await page.getByText(/^Credited Ksh\s250\.00: Sorry for the late parcel\.$/).waitFor();
    await expect.poll(() => page.getByTestId("wallet-balance").textContent()).toMatch(/^Ksh\s?1,750\.00$/i);
    expect(
      await page.getByRole("list", { name: "Wallet entries" }).getByRole("listitem").first().textContent(),
    ).toMatch(/Sorry for the late parcel/);
    await review(page, "admin-wallet-credited");

    const wallet = await apiCall(shop, "GET", "/api/wallet", shopperToken);
    expect(wallet.body.balance).toBe("1750.00");
    expect(wallet.body.entries.items[0]).toMatchObject({
      amount: "250.00",
      kind: "credit",
      reason: "Sorry for the late parcel",
    });
  });

  it("opens an email: its text, and its HTML only in a sandboxed frame", async () => {
    await nav().getByRole("link", { name: "Emails" }).click();
    await page.getByRole("heading", { name: "Emails", level: 1 }).waitFor();
    const list = page.getByRole("list", { name: "Emails" });
    await expect.poll(() => list.getByRole("listitem").count()).toBeGreaterThan(0);
    await page.getByLabel("Kind").selectOption("order_confirmation");
    await page.waitForURL(/\/admin\/emails\?template=order_confirmation$/);
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    await review(page, "admin-emails");
    await list.getByRole("link").first().click();
    await page.waitForURL(/\/admin\/emails\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: /order SK-\d+/i, level: 1 }).waitFor();
    expect(await page.locator("main pre").textContent()).toMatch(/SK-\d+/);
    const frame = page.locator("iframe");
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("srcdoc")).toMatch(/<html|<table|<p/i);
    await review(page, "admin-email");
  });

  it("retries a job that failed for real; it leaves the list and the email goes out", async () => {
    // SMTP refused every attempt: every email ends failed, its job out of retries.
    const emails = (await apiCall(shop, "GET", "/api/admin/emails", adminToken)).body.total as number;
    expect(emails).toBe(3); // two order confirmations, one payment received
    await expect
      .poll(async () => (await apiCall(shop, "GET", "/api/admin/jobs/failed", adminToken)).body.total, {
        timeout: 40_000,
      })
      .toBe(emails);
    const failed = (await apiCall(shop, "GET", "/api/admin/jobs/failed?page_size=100", adminToken)).body as {
      total: number;
      items: { id: string; name: string; data: { emailId: string } }[];
    };
    await nav().getByRole("link", { name: "Dashboard" }).click();
    await expect
      .poll(() => page.getByTestId("failed-jobs").textContent())
      .toBe(`${failed.total} failed ${failed.total === 1 ? "job" : "jobs"}`);
    await page.getByRole("link", { name: "Review failed jobs" }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.getByRole("heading", { name: "Failed jobs", level: 1 }).waitFor();
    const list = page.getByRole("list", { name: "Failed jobs" });
    await expect.poll(() => list.getByRole("listitem").count()).toBe(failed.total);
    expect(await list.getByRole("listitem").first().textContent()).toMatch(/notifications\.sendEmail.*2 attempts/s);
    expect(await list.textContent()).toMatch(/Mailbox temporarily unavailable/);
    expect(await list.getByRole("link", { name: "The email it was sending" }).count()).toBe(failed.total);
    await review(page, "admin-jobs");

    refusing = false;
    const first = failed.items[0];
    await list
      .getByRole("button", { name: /^Retry/ })
      .first()
      .click();
    await page.getByText(`Queued ${SEND_EMAIL_JOB} again.`).waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(failed.total - 1);
    await expect
      .poll(
        async () => (await apiCall(shop, "GET", `/api/admin/emails/${first?.data.emailId}`, adminToken)).body.status,
        {
          timeout: 20_000,
        },
      )
      .toBe("sent");
    const after = await apiCall(shop, "GET", "/api/admin/jobs/failed", adminToken);
    expect(after.body.items.map((j: { id: string }) => j.id)).not.toContain(first?.id);
  });

  it("staff see the dashboard's figures but not the admin-only screens", async () => {
    const staff = { email: `staff.${tag}@example.com`, password: "staff-pass-123" };
    await shop.modules.identity.ensureUser(shop.ctx, { ...staff, username: `staff_${tag}`, role: "staff" });
    const other = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    const p = await other.newPage();
    watch(p);
    await p.goto(`${shop.url}/login?next=%2Fadmin`);
    await signIn(p, staff.email, staff.password);
    await p.waitForURL(/\/admin$/);
    await p.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await expect.poll(() => p.getByTestId("orders-today").textContent()).toBe("2");
    const links = await p.getByRole("navigation", { name: "Admin" }).getByRole("link").allTextContents();
    expect(links).toContain("Orders");
    for (const adminOnly of ["Transactions", "Wallet top-ups", "Emails", "Failed jobs"]) {
      expect(links).not.toContain(adminOnly);
    }
    expect(await p.getByTestId("failed-jobs").textContent()).toMatch(/^\d+ failed jobs?$/);
    expect(await p.getByRole("link", { name: "Review failed jobs" }).count()).toBe(0);
    await review(p, "admin-dashboard-staff");
    await other.close();
  });

  it("a customer opening /admin/transactions gets the forbidden page", async () => {
    const other = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    const p = await other.newPage();
    watch(p);
    await p.goto(`${shop.url}/login?next=%2Fadmin%2Ftransactions`);
    await signIn(p, shopper.username, shopper.password);
    await p.waitForURL(/\/admin\/transactions$/);
    await p.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await p.getByRole("navigation", { name: "Admin" }).count()).toBe(0);
    await review(p, "admin-transactions-refused");
    await other.close();
  });

  it("no script errors, and no refused request but the one the test provoked", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals.map((r) => r.replace(/[0-9a-f-]{36}/, ":id"))).toEqual([
      "POST /api/admin/wallets/:id/credits 400",
    ]);
  });

  async function me(token: string): Promise<{ id: string }> {
    return (await apiCall(shop, "GET", "/api/users/me", token)).body;
  }
});
