import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
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
 * Support in Debian's Chromium against the real API: a guest writes from the footer's Support link
 * (a client validation error, then the API's field error, then the reference), the acknowledgement
 * email is in the admin mailbox, an admin finds the message in /admin/support and resolves it; the
 * About page; a signed-in shopper's details are filled in.
 */
describeInChromium("support", { timeout: 60_000 }, () => {
  let shop: Storefront;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tag = Date.now().toString(36);
  const admin = { email: `admin.${tag}@example.com`, password: "admin-pass-123" };
  const guest = { name: "Wanjiru Kamau", email: `wanjiru.${tag}@example.com` };
  const subject = `Kikoi colour ${tag}`;
  let adminToken = "";
  let reference = "";
  const seen: PageWatch = { errors: [], refusals: [] };
  const supportPosts: string[] = [];

  beforeAll(async () => {
    shop = await startStorefront();
    adminToken = await makeAdmin(shop, { ...admin, username: `admin_${tag}` });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: "en-KE" });
    page = await context.newPage();
    watchPage(page, seen);
    page.on("request", (req) => {
      if (req.method() === "POST" && new URL(req.url()).pathname === "/api/support") supportPosts.push(req.url());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it("a guest finds Support in the footer; a too-short message is refused beside the field, nothing sent", async () => {
    await page.goto(`${shop.url}/`);
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Support" }).click();
    await page.getByRole("heading", { name: "Contact support", level: 1 }).waitFor();
    const form = page.getByRole("form", { name: "Contact support" });
    expect(await form.getByLabel("Your name").inputValue()).toBe("");
    await review(page, "support");

    await form.getByLabel("Your name").fill(guest.name);
    await form.getByLabel("Email").fill(guest.email);
    await form.getByLabel("Subject").fill(subject);
    await form.getByLabel("Message").fill("Too short");
    await form.getByRole("button", { name: "Send message" }).click();
    const message = form.getByLabel("Message");
    await expect.poll(() => message.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(message)).toBe("At least 10 characters");
    await page.getByText("Please correct the marked fields.").waitFor();
    expect(supportPosts).toEqual([]);
    await review(page, "support-invalid");
  });

  it("an order number that is not theirs is refused by the API, its error beside the field", async () => {
    const form = page.getByRole("form", { name: "Contact support" });
    await form
      .getByLabel("Message")
      .fill("The kikoi I received is blue, but I ordered the red one.\nCan I exchange it?");
    const order = form.getByLabel("Order number (optional)");
    await order.fill("SK-999999");
    await form.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => order.getAttribute("aria-invalid")).toBe("true");
    expect(await describedText(order)).toBe("We found no order with this number for your email address");
    expect(await form.getByLabel("Message").getAttribute("aria-invalid")).toBeNull();
    expect(supportPosts).toHaveLength(1);
    await review(page, "support-api-error");
  });

  it("sends without the order number and shows the reference to quote", async () => {
    const form = page.getByRole("form", { name: "Contact support" });
    await form.getByLabel("Order number (optional)").fill("");
    await form.getByRole("button", { name: "Send message" }).click();
    await page.getByRole("heading", { name: "Thank you — your message is with our team" }).waitFor();
    reference = (await page.getByTestId("support-reference").textContent()) ?? "";
    expect(reference).toMatch(/^SUP-\d{4,}$/);
    expect(await page.getByText(`We sent an acknowledgement to ${guest.email}`).count()).toBe(1);
    // Focus moved to the confirmation, for keyboard and screen reader users.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Thank you");
    expect(supportPosts).toHaveLength(2);
    await review(page, "support-sent");
  });

  it("the acknowledgement email is in the admin mailbox with the reference", async () => {
    const res = await fetch(`${shop.url}/api/admin/emails?to=${encodeURIComponent(guest.email)}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; template: string; subject: string }[] };
    expect(body.items).toEqual([
      expect.objectContaining({ template: "support_received", subject: `We received your message (${reference})` }),
    ]);
    const email = await fetch(`${shop.url}/api/admin/emails/${body.items[0]?.id}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const detail = (await email.json()) as { text: string };
    expect(detail.text).toContain(`Hi ${guest.name},`);
    expect(detail.text).toContain("> The kikoi I received is blue");
  });

  it("the About page says what Sokoni is and how delivery works", async () => {
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "About" }).click();
    await page.getByRole("heading", { name: "About Sokoni", level: 1 }).waitFor();
    const main = (await page.getByRole("main").textContent()) ?? "";
    expect(main).toContain("one shop window over many stores");
    expect(main).toContain("M-Pesa");
    expect(await page.getByRole("heading", { level: 3 }).allTextContents()).toEqual([
      "1.Search once",
      "2.One cart, one payment",
      "3.We order from each store",
      "4.Delivered through our warehouse",
    ]);
    await review(page, "about");
  });

  it("an admin sees the message in /admin/support, opens it and resolves it", async () => {
    await page.goto(`${shop.url}/admin/support`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fsupport$/);
    await signIn(page, admin.email, admin.password);
    await page.waitForURL(/\/admin\/support$/);
    await page.getByRole("heading", { name: "Support", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Admin" });
    expect(await nav.getByRole("link", { name: "Support" }).getAttribute("aria-current")).toBe("page");
    const items = page.getByRole("list", { name: "Support messages" }).getByRole("listitem");
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain(reference);
    expect(await items.first().getByTestId("support-status").textContent()).toBe("Open");
    await review(page, "admin-support");

    await items
      .first()
      .getByRole("link", { name: new RegExp(subject) })
      .click();
    await page.getByRole("heading", { name: subject, level: 1 }).waitFor();
    const main = (await page.getByRole("main").textContent()) ?? "";
    expect(main).toContain(guest.email);
    expect(main).toContain("guest");
    expect(main).toContain("Can I exchange it?");
    await review(page, "admin-support-detail");

    await page.getByRole("button", { name: "Mark as resolved" }).click();
    await page.getByRole("button", { name: "Reopen" }).waitFor();
    expect(await page.getByTestId("support-status").textContent()).toBe("Resolved");
    await page.getByText(new RegExp(`^Resolved .* by ${admin.email.replace(/[.]/g, "\\.")}\\.$`)).waitFor();
    await review(page, "admin-support-resolved");

    // Out of the open inbox; under Resolved.
    await page.getByRole("link", { name: "← All support messages" }).click();
    await page.getByText("No open messages").waitFor();
    await page.getByLabel("Status").selectOption("resolved");
    await page.waitForURL(/\/admin\/support\?status=resolved$/);
    await items.first().waitFor();
    expect(await items.first().getByTestId("support-status").textContent()).toBe("Resolved");
    await review(page, "admin-support-list-resolved");
  });

  it("a signed-in shopper finds their email filled in", async () => {
    await page.goto(`${shop.url}/support`);
    const form = page.getByRole("form", { name: "Contact support" });
    await expect.poll(() => form.getByLabel("Email").inputValue()).toBe(admin.email);
    expect(await form.getByLabel("Your name").inputValue()).toBe(`admin_${tag}`);
  });

  it("no script errors, and no refused request but the one the journey provoked", () => {
    expect(seen.errors).toEqual([]);
    expect(seen.refusals).toEqual(["POST /api/support 400"]);
  });
});
