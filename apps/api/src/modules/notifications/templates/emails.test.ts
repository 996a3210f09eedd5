import { describe, expect, it } from "vitest";
import { renderEmail } from "./emails.ts";
import { escapeHtml, formatMoney, html } from "./html.ts";

const ctx = { publicUrl: "https://shop.example.com/" };
const orderId = "0190f3a2-0000-7000-8000-000000000001";

describe("email templates", () => {
  it("order_confirmation lists items with quantities, unit prices and line totals, the total and a link", () => {
    const r = renderEmail(ctx, "order_confirmation", {
      customerName: "Amina",
      orderId,
      orderNumber: "SKN-1042",
      items: [
        {
          title: "Kikoi beach towel",
          quantity: 3,
          unitPrice: { minor: 149_950, currency: "KES" },
          marketplace: "Sokoni",
        },
        { title: "USB-C cable", quantity: 1, unitPrice: { minor: 1_299, currency: "USD" }, marketplace: "Amazon" },
      ],
      shipping: { minor: 25_000, currency: "KES" },
      total: { minor: 645_203, currency: "KES" },
    });
    expect(r.subject).toBe("Order SKN-1042 confirmed");
    expect(r.text).toContain("Hi Amina,");
    expect(r.text).toContain("- Kikoi beach towel (from Sokoni): 3 x KES 1,499.50 = KES 4,498.50");
    expect(r.text).toContain("- USB-C cable (from Amazon): 1 x USD 12.99 = USD 12.99");
    expect(r.text).toContain("Shipping: KES 250.00");
    expect(r.text).toContain("Total: KES 6,452.03");
    expect(r.text).toContain(`View your order: https://shop.example.com/orders/${orderId}`);
    expect(r.html).toContain("KES 4,498.50");
    expect(r.html).toContain("KES 6,452.03");
    expect(r.html).toContain(`href="https://shop.example.com/orders/${orderId}"`);
    expect(r.text).not.toMatch(/<[a-z]/i);
  });

  it("links a guest's order with its key in the fragment, and a shopper's without one", () => {
    const data = { orderId, orderNumber: "SKN-1043", amount: { minor: 100, currency: "KES" }, method: "mpesa" };
    const guest = renderEmail(ctx, "payment_received", { ...data, accessKey: "k3y_-A" });
    expect(guest.text).toContain(`https://shop.example.com/orders/${orderId}#key=k3y_-A`);
    expect(guest.html).toContain(`href="https://shop.example.com/orders/${orderId}#key=k3y_-A"`);
    const shopper = renderEmail(ctx, "payment_received", data);
    expect(shopper.text).not.toContain("#key=");
  });

  it("escapes everything that comes from data in the HTML, and keeps it readable in the text", () => {
    const r = renderEmail(ctx, "order_confirmation", {
      customerName: '<img src=x onerror="alert(1)">',
      orderId,
      orderNumber: "SKN-<b>1</b>",
      items: [
        { title: `Tom & Jerry's "<script>alert(1)</script>"`, quantity: 1, unitPrice: { minor: 100, currency: "KES" } },
      ],
      total: { minor: 100, currency: "KES" },
    });
    expect(r.html).not.toContain("<script>");
    expect(r.html).not.toContain("<img");
    expect(r.html).toContain("Tom &amp; Jerry&#39;s &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    expect(r.html).toContain("SKN-&lt;b&gt;1&lt;/b&gt;");
    expect(r.text).toContain(`Tom & Jerry's "<script>alert(1)</script>"`);
  });

  it("uses no remote assets: no external images, stylesheets, scripts or fonts", () => {
    for (const r of [
      renderEmail(ctx, "payment_received", {
        orderId,
        orderNumber: "SKN-1",
        amount: { minor: 1, currency: "KES" },
        method: "M-Pesa",
      }),
      renderEmail(ctx, "order_expired", { orderId, orderNumber: "SKN-1" }),
    ]) {
      expect(r.html).not.toMatch(/<img|<link|<script|@import|url\(/i);
      expect(r.html).toMatch(/^<!doctype html>/);
    }
  });

  it("payment_received states the amount, method and receipt", () => {
    const r = renderEmail(ctx, "payment_received", {
      orderId,
      orderNumber: "SKN-7",
      amount: { minor: 1_250_000, currency: "KES" },
      method: "M-Pesa",
      receipt: "QKT7H2L9XP",
    });
    expect(r.subject).toBe("Payment received for order SKN-7");
    expect(r.text).toContain("Hello,");
    expect(r.text).toContain("We received your payment of KES 12,500.00 by M-Pesa for order SKN-7.");
    expect(r.text).toContain("Receipt: QKT7H2L9XP");
    expect(r.html).toContain("<strong>QKT7H2L9XP</strong>");
  });

  it("payment_failed gives the reason and says how to retry before the deadline", () => {
    const r = renderEmail(ctx, "payment_failed", {
      orderId,
      orderNumber: "SKN-8",
      amount: { minor: 99_900, currency: "KES" },
      method: "M-Pesa",
      reason: "The request was cancelled on the phone",
      payBefore: new Date("2030-01-02T03:04:00Z"),
    });
    expect(r.subject).toBe("Payment for order SKN-8 did not go through");
    expect(r.text).toContain("Reason: The request was cancelled on the phone");
    expect(r.text).toContain("pay with the same or another payment method before 2030-01-02 03:04 UTC");
    expect(r.text).toContain(`Try paying again: https://shop.example.com/orders/${orderId}`);
    expect(r.html).toContain("before <strong>2030-01-02 03:04 UTC</strong>");
  });

  it("order_expired says the stock was released and how to order again", () => {
    const r = renderEmail(ctx, "order_expired", { orderId, orderNumber: "SKN-9", expiredAfterMinutes: 30 });
    expect(r.subject).toBe("Order SKN-9 was cancelled: no payment received");
    expect(r.text).toContain("We did not receive payment for order SKN-9 within 30 minutes");
    expect(r.text).toContain("released back to stock");
    expect(r.text).toContain("add them to your cart again and check out");
    expect(r.text).toContain("Shop again: https://shop.example.com/");
  });
});

describe("support_received", () => {
  it("acknowledges with the reference, the order and the sender's words quoted (escaped, long ones cut)", () => {
    const r = renderEmail(ctx, "support_received", {
      customerName: "Amina",
      reference: "SUP-1042",
      subject: "Kikoi <b>colour</b>",
      orderNumber: "SK-100042",
      message: `Line one <script>x</script>\nLine two ${"z".repeat(700)}`,
    });
    expect(r.subject).toBe("We received your message (SUP-1042)");
    expect(r.text).toContain("Hi Amina,");
    expect(r.text).toContain('Your message "Kikoi <b>colour</b>" about order SK-100042 reached our support team.');
    expect(r.text).toContain("Your reference is SUP-1042");
    expect(r.text).toContain("> Line one <script>x</script>\n> Line two zzz");
    expect(r.text).toContain("z…");
    expect(r.text).not.toContain("z".repeat(700));
    expect(r.html).not.toContain("<script>");
    expect(r.html).toContain("Kikoi &lt;b&gt;colour&lt;/b&gt;");
    expect(r.html).toContain("<strong>SUP-1042</strong>");
    expect(r.html).toContain("wrote to Sokoni support. To add something, write again from the Support page");
  });
});

describe("html helpers", () => {
  it("formats money exactly, with separators and the currency's own decimals", () => {
    expect(formatMoney({ minor: 123_456_789, currency: "KES" })).toBe("KES 1,234,567.89");
    expect(formatMoney({ minor: 5, currency: "USD" })).toBe("USD 0.05");
    expect(formatMoney({ minor: 1_500, currency: "JPY" })).toBe("JPY 1,500");
    expect(formatMoney({ minor: -100_000, currency: "KES" })).toBe("-KES 1,000.00");
  });

  it("escapes interpolations unless they are SafeHtml", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p>${inner}${["<", html`<br>`]}${null}${undefined}</p>`.value).toBe("<p><b>&lt;i&gt;</b>&lt;<br></p>");
  });
});
