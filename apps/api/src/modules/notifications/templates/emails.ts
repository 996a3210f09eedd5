import { type Amount, button, formatMoney, html, layout, type Rendered } from "./html.ts";

/** What every template gets besides its own data: where links point. */
export type TemplateContext = { publicUrl: string };

type Greeting = {
  /** Shown as "Hi <name>,"; omitted → "Hello,". */
  customerName?: string;
};

/** Which order a message is about; a guest's order links with its key (they have no account to sign in with). */
type OrderRef = {
  orderId: string;
  orderNumber: string;
  /** A guest's key to the order: the link carries it in its fragment, which browsers never send to a server. */
  accessKey?: string;
};

export type OrderItemLine = {
  title: string;
  quantity: number;
  /** Price of one unit in the currency it was bought in. */
  unitPrice: Amount;
  /** The store it comes from, e.g. "Jumia". */
  marketplace?: string;
};

export type OrderConfirmationData = Greeting &
  OrderRef & {
    items: OrderItemLine[];
    /** Shipping and fees, when charged separately. */
    shipping?: Amount;
    total: Amount;
  };

export type PaymentReceivedData = Greeting &
  OrderRef & {
    amount: Amount;
    /** How it was paid, e.g. "M-Pesa", "card", "wallet". */
    method: string;
    /** The provider's receipt or reference, e.g. an M-Pesa receipt number. */
    receipt?: string;
  };

export type PaymentFailedData = Greeting &
  OrderRef & {
    amount: Amount;
    method: string;
    /** Why it failed, in words a shopper understands ("The request was cancelled on the phone"). */
    reason: string;
    /** Until when the order stays reserved for another attempt. */
    payBefore?: Date;
  };

export type OrderExpiredData = Greeting &
  OrderRef & {
    /** How long the order waited for payment. */
    expiredAfterMinutes?: number;
  };

export type SupportReceivedData = Greeting & {
  /** What the shopper quotes when writing again, e.g. SUP-1042. */
  reference: string;
  subject: string;
  /** The order the message is about, as shown to the shopper (SK-100042). */
  orderNumber?: string;
  /** Their own words, quoted back so they can tell which message this is. */
  message: string;
};

/** Each template's data type, by template name. */
export type TemplateData = {
  order_confirmation: OrderConfirmationData;
  payment_received: PaymentReceivedData;
  payment_failed: PaymentFailedData;
  order_expired: OrderExpiredData;
  support_received: SupportReceivedData;
};
export type TemplateName = keyof TemplateData;
export const TEMPLATE_NAMES = [
  "order_confirmation",
  "payment_received",
  "payment_failed",
  "order_expired",
  "support_received",
] as const satisfies readonly TemplateName[];

const FOOTER = "You receive this email because of an order placed at Sokoni. Questions? Just reply to this email.";

const greeting = (d: Greeting) => (d.customerName ? `Hi ${d.customerName},` : "Hello,");
const orderUrl = (ctx: TemplateContext, d: OrderRef) =>
  `${ctx.publicUrl.replace(/\/+$/, "")}/orders/${encodeURIComponent(d.orderId)}${d.accessKey ? `#key=${encodeURIComponent(d.accessKey)}` : ""}`;
const shopUrl = (ctx: TemplateContext) => `${ctx.publicUrl.replace(/\/+$/, "")}/`;
const lineTotal = (item: OrderItemLine): Amount => ({
  minor: item.unitPrice.minor * item.quantity,
  currency: item.unitPrice.currency,
});

function orderConfirmation(ctx: TemplateContext, d: OrderConfirmationData): Rendered {
  const link = orderUrl(ctx, d);
  const subject = `Order ${d.orderNumber} confirmed`;
  const rows = d.items.map(
    (item) => html`<tr>
<td style="padding:6px 0;border-bottom:1px solid #e4e4e7">${item.title}${item.marketplace ? html`<br><span style="color:#71717a;font-size:12px">from ${item.marketplace}</span>` : ""}</td>
<td style="padding:6px 8px;border-bottom:1px solid #e4e4e7;text-align:center">${item.quantity}</td>
<td style="padding:6px 0;border-bottom:1px solid #e4e4e7;text-align:right">${formatMoney(item.unitPrice)}</td>
<td style="padding:6px 0 6px 8px;border-bottom:1px solid #e4e4e7;text-align:right">${formatMoney(lineTotal(item))}</td>
</tr>`,
  );
  const body = html`<p>${greeting(d)}</p>
<p>Thank you for your order <strong>${d.orderNumber}</strong>. Here is what you ordered:</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">
<tr><th align="left">Item</th><th>Qty</th><th align="right">Unit price</th><th align="right">Amount</th></tr>
${rows}
${d.shipping ? html`<tr><td colspan="3" style="padding:6px 0">Shipping</td><td style="text-align:right">${formatMoney(d.shipping)}</td></tr>` : ""}
<tr><td colspan="3" style="padding:8px 0;font-weight:bold">Total</td><td style="padding:8px 0;text-align:right;font-weight:bold">${formatMoney(d.total)}</td></tr>
</table>
${button(link, "View your order")}
<p>We will email you again when your payment is confirmed.</p>`;
  const text = [
    greeting(d),
    "",
    `Thank you for your order ${d.orderNumber}. Here is what you ordered:`,
    "",
    ...d.items.map(
      (item) =>
        `- ${item.title}${item.marketplace ? ` (from ${item.marketplace})` : ""}: ${item.quantity} x ${formatMoney(item.unitPrice)} = ${formatMoney(lineTotal(item))}`,
    ),
    ...(d.shipping ? [`Shipping: ${formatMoney(d.shipping)}`] : []),
    `Total: ${formatMoney(d.total)}`,
    "",
    `View your order: ${link}`,
    "",
    "We will email you again when your payment is confirmed.",
  ].join("\n");
  return {
    subject,
    text,
    html: layout({ title: subject, preheader: `Total ${formatMoney(d.total)}`, body, footer: FOOTER }),
  };
}

function paymentReceived(ctx: TemplateContext, d: PaymentReceivedData): Rendered {
  const link = orderUrl(ctx, d);
  const subject = `Payment received for order ${d.orderNumber}`;
  const body = html`<p>${greeting(d)}</p>
<p>We received your payment of <strong>${formatMoney(d.amount)}</strong> by ${d.method} for order <strong>${d.orderNumber}</strong>.</p>
${d.receipt ? html`<p>Receipt: <strong>${d.receipt}</strong></p>` : ""}
<p>We are now preparing your order and will tell you when it ships.</p>
${button(link, "Track your order")}`;
  const text = [
    greeting(d),
    "",
    `We received your payment of ${formatMoney(d.amount)} by ${d.method} for order ${d.orderNumber}.`,
    ...(d.receipt ? [`Receipt: ${d.receipt}`] : []),
    "",
    "We are now preparing your order and will tell you when it ships.",
    "",
    `Track your order: ${link}`,
  ].join("\n");
  return {
    subject,
    text,
    html: layout({ title: subject, preheader: `${formatMoney(d.amount)} received`, body, footer: FOOTER }),
  };
}

function paymentFailed(ctx: TemplateContext, d: PaymentFailedData): Rendered {
  const link = orderUrl(ctx, d);
  const subject = `Payment for order ${d.orderNumber} did not go through`;
  const deadline = d.payBefore ? `${d.payBefore.toISOString().slice(0, 16).replace("T", " ")} UTC` : undefined;
  const body = html`<p>${greeting(d)}</p>
<p>Your payment of <strong>${formatMoney(d.amount)}</strong> by ${d.method} for order <strong>${d.orderNumber}</strong> did not go through.</p>
<p>Reason: ${d.reason}</p>
<p>Nothing was charged. To try again, open your order and pay with the same or another payment method${deadline ? html` before <strong>${deadline}</strong>` : ""}; after that the order is cancelled and its items are released.</p>
${button(link, "Try paying again")}`;
  const text = [
    greeting(d),
    "",
    `Your payment of ${formatMoney(d.amount)} by ${d.method} for order ${d.orderNumber} did not go through.`,
    `Reason: ${d.reason}`,
    "",
    `Nothing was charged. To try again, open your order and pay with the same or another payment method${deadline ? ` before ${deadline}` : ""}; after that the order is cancelled and its items are released.`,
    "",
    `Try paying again: ${link}`,
  ].join("\n");
  return { subject, text, html: layout({ title: subject, preheader: d.reason, body, footer: FOOTER }) };
}

function orderExpired(ctx: TemplateContext, d: OrderExpiredData): Rendered {
  const shop = shopUrl(ctx);
  const subject = `Order ${d.orderNumber} was cancelled: no payment received`;
  const waited = d.expiredAfterMinutes ? ` within ${d.expiredAfterMinutes} minutes` : "";
  const body = html`<p>${greeting(d)}</p>
<p>We did not receive payment for order <strong>${d.orderNumber}</strong>${waited}, so we cancelled it. You have not been charged.</p>
<p>The items we had reserved for you were released back to stock. If you still want them, add them to your cart again and check out; prices and availability may have changed.</p>
${button(shop, "Shop again")}`;
  const text = [
    greeting(d),
    "",
    `We did not receive payment for order ${d.orderNumber}${waited}, so we cancelled it. You have not been charged.`,
    "",
    "The items we had reserved for you were released back to stock. If you still want them, add them to your cart again and check out; prices and availability may have changed.",
    "",
    `Shop again: ${shop}`,
  ].join("\n");
  return {
    subject,
    text,
    html: layout({ title: subject, preheader: "Your order was cancelled", body, footer: FOOTER }),
  };
}

const SUPPORT_FOOTER =
  "You receive this email because you wrote to Sokoni support. To add something, write again from the Support page and quote your reference.";

/** Long messages are quoted in part: the acknowledgement is a receipt, not a copy of the archive. */
const QUOTE_MAX = 600;

function supportReceived(ctx: TemplateContext, d: SupportReceivedData): Rendered {
  const subject = `We received your message (${d.reference})`;
  const quoted = d.message.length > QUOTE_MAX ? `${d.message.slice(0, QUOTE_MAX).trimEnd()}…` : d.message;
  const body = html`<p>${greeting(d)}</p>
<p>Thank you for writing to us. Your message <strong>${d.subject}</strong>${d.orderNumber ? html` about order <strong>${d.orderNumber}</strong>` : ""} reached our support team. We will answer you at this address.</p>
<p>Your reference is <strong>${d.reference}</strong>; please quote it if you write again.</p>
<blockquote style="margin:16px 0;padding:8px 12px;border-left:3px solid #d4d4d8;color:#3f3f46;white-space:pre-wrap">${quoted}</blockquote>
${button(shopUrl(ctx), "Back to Sokoni")}`;
  const text = [
    greeting(d),
    "",
    `Thank you for writing to us. Your message "${d.subject}"${d.orderNumber ? ` about order ${d.orderNumber}` : ""} reached our support team. We will answer you at this address.`,
    "",
    `Your reference is ${d.reference}; please quote it if you write again.`,
    "",
    ...quoted.split("\n").map((line) => `> ${line}`),
    "",
    `Sokoni: ${shopUrl(ctx)}`,
  ].join("\n");
  return {
    subject,
    text,
    html: layout({ title: subject, preheader: `Reference ${d.reference}`, body, footer: SUPPORT_FOOTER }),
  };
}

const RENDERERS: { [K in TemplateName]: (ctx: TemplateContext, data: TemplateData[K]) => Rendered } = {
  order_confirmation: orderConfirmation,
  payment_received: paymentReceived,
  payment_failed: paymentFailed,
  order_expired: orderExpired,
  support_received: supportReceived,
};

/** Subject, plain text and HTML of one email. */
export function renderEmail<K extends TemplateName>(
  ctx: TemplateContext,
  template: K,
  data: TemplateData[K],
): Rendered {
  const render = RENDERERS[template] as (ctx: TemplateContext, data: TemplateData[K]) => Rendered;
  if (!render) throw new Error(`unknown email template ${String(template)}`);
  return render(ctx, data);
}
