const formatters = new Map<string, Intl.NumberFormat>();

/** "1499.00" + "KES" → "KSh 1,499.00" (en-KE conventions); any currency. */
export function formatMoney(amount: string, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-KE", { style: "currency", currency });
    } catch {
      f = new Intl.NumberFormat("en-KE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f.format(Number(amount));
}

const dateFormat = new Intl.DateTimeFormat("en-KE", { dateStyle: "medium", timeStyle: "short" });
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function humanize(status: string): string {
  const s = status.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
