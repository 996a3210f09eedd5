import { escapeHtml } from "../mock-gateway/html.ts";

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Stripe Checkout (simulator)</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f9fc; display: grid; place-items: center; min-height: 100vh; margin: 0; color: #1a1f36; }
  main { background: #fff; padding: 2rem 2.5rem; border-radius: 12px; box-shadow: 0 4px 20px #0002; width: 22rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }
  label { display: block; font-size: .85rem; margin: .75rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .55rem; border: 1px solid #ccd; border-radius: 6px; font-size: 1rem; }
  .row { display: flex; gap: .5rem; } .row > div { flex: 1; }
  button { margin-top: 1.25rem; width: 100%; font-size: 1rem; padding: .7rem; border-radius: 6px; border: 0; background: #635bff; color: #fff; cursor: pointer; }
  .error { color: #df1b41; margin-top: .75rem; } small { color: #697386; } a { color: #635bff; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export function checkoutPage(s: {
  id: string;
  name: string;
  amount: string;
  currency: string;
  cancelUrl: string | null;
  error?: string;
}): string {
  const action = `/c/pay/${encodeURIComponent(s.id)}`;
  return layout(
    "Pay",
    `<small>Sokoni · test mode</small>
<p>${escapeHtml(s.name)}</p>
<p class="amount">${escapeHtml(s.currency.toUpperCase())} ${escapeHtml(s.amount)}</p>
<form method="post" action="${action}">
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
<div class="row"><div><label for="cardExpiry">Expiry</label><input id="cardExpiry" name="cardExpiry" placeholder="12 / 34" required></div>
<div><label for="cardCvc">CVC</label><input id="cardCvc" name="cardCvc" placeholder="123" required></div></div>
<label for="billingName">Name on card</label>
<input id="billingName" name="billingName" autocomplete="cc-name">
<button type="submit">Pay</button>
${s.error ? `<p class="error" role="alert">${escapeHtml(s.error)}</p>` : ""}
</form>
<p><small>A simulator: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. No money moves.</small></p>
${s.cancelUrl ? `<p><a href="${escapeHtml(s.cancelUrl)}">← Back to the shop</a></p>` : ""}`,
  );
}

export function sessionResultPage(status: "complete" | "expired", returnUrl: string | null): string {
  const title = status === "complete" ? "Payment complete" : "This checkout page has expired";
  const link = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">Return to the shop</a></p>` : "";
  return layout(title, `<h1>${title}</h1>${link}`);
}

export function missingSessionPage(): string {
  return layout("Not found", "<h1>Something went wrong</h1><p>No such checkout session.</p>");
}
