import { formatMinor } from "../../../platform/money.ts";

/** HTML that is already escaped (or trusted markup of ours): interpolated as is. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function interpolate(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(String(value));
}

/** Tagged template: every interpolated value is HTML-escaped unless it is SafeHtml (or an array of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += interpolate(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** An amount in minor units of a currency. */
export type Amount = { minor: number; currency: string };

/** "KES 12,499.00": the exact decimal of platform/money.ts with thousands separators. */
export function formatMoney({ minor, currency }: Amount): string {
  const plain = formatMinor(minor, currency);
  const negative = plain.startsWith("-");
  const [whole = "0", frac] = (negative ? plain.slice(1) : plain).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${currency} ${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

export type Rendered = { subject: string; text: string; html: string };

/** The shared frame of every email: inline styles only, no remote assets (images, fonts, CSS). */
export function layout(opts: { title: string; preheader: string; body: SafeHtml; footer: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b">
<div style="display:none;max-height:0;overflow:hidden">${opts.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;padding:24px">
<tr><td style="font-size:22px;font-weight:bold;color:#15803d;padding-bottom:16px">Sokoni</td></tr>
<tr><td style="font-size:15px;line-height:1.5">${opts.body}</td></tr>
<tr><td style="font-size:12px;color:#71717a;padding-top:24px">${opts.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.value;
}

/** A call-to-action link styled as a button. */
export function button(href: string, label: string): SafeHtml {
  return html`<p style="margin:24px 0"><a href="${href}" style="background:#15803d;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block">${label}</a></p>`;
}
