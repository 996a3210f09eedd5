const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Mock Gateway</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; padding: 2rem 2.5rem; border-radius: 12px; box-shadow: 0 2px 12px #0002; min-width: 18rem; text-align: center; }
  .amount { font-size: 2rem; font-weight: 700; margin: 1rem 0; }
  form { display: inline-block; margin: 0 .25rem; }
  button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: 8px; border: 0; cursor: pointer; }
  .pay { background: #0a7d38; color: #fff; } .decline { background: #c62828; color: #fff; }
  small { color: #666; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export function payPage(s: { id: string; amount: string; currency: string; paymentId: string }): string {
  const action = `/pay/${encodeURIComponent(s.id)}/confirm`;
  return layout(
    "Pay",
    `<h1>Mock Gateway</h1>
<p>Payment <small>${escapeHtml(s.paymentId)}</small></p>
<p class="amount">${escapeHtml(s.currency)} ${escapeHtml(s.amount)}</p>
<form method="post" action="${action}"><input type="hidden" name="action" value="pay"><button class="pay" type="submit">Pay</button></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="decline"><button class="decline" type="submit">Decline</button></form>
<p><small>A simulator: no money moves.</small></p>`,
  );
}

export function resultPage(outcome: "succeeded" | "failed", delivered: boolean): string {
  const title = outcome === "succeeded" ? "Payment successful" : "Payment declined";
  const note = delivered ? "The shop has been told." : "The shop will be told shortly.";
  return layout(title, `<h1>${title}</h1><p>${note}</p><p><small>You can close this page.</small></p>`);
}

export function notFoundPage(): string {
  return layout("Not found", "<h1>No such payment session</h1>");
}
