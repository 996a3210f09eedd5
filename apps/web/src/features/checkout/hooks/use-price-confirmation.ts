import type { CartQuoteResponse, QuoteLineChange } from "@sokoni/contracts";
import { useState } from "react";

/** A line's price or availability as the shopper should see it: first price seen, latest price. */
export type LineNotice = QuoteLineChange;

function merge(prev: Record<string, LineNotice>, quote: CartQuoteResponse): Record<string, LineNotice> {
  const lines = new Set(quote.items.map((i) => i.id));
  const next: Record<string, LineNotice> = {};
  for (const [id, n] of Object.entries(prev)) if (lines.has(id)) next[id] = n;
  for (const c of quote.changes) {
    const first = next[c.item_id]?.previous_unit_price ?? c.previous_unit_price;
    if (c.change === "unavailable") {
      next[c.item_id] = { ...c, previous_unit_price: first };
      continue;
    }
    const was = Number(first);
    const now = Number(c.unit_price);
    // Back where it started: nothing to tell.
    if (was === now) delete next[c.item_id];
    else next[c.item_id] = { ...c, previous_unit_price: first, change: now > was ? "price_up" : "price_down" };
  }
  return next;
}

/**
 * What the checkout page tells about re-checked prices, over every quote it asked for: one notice
 * per changed line (the price first seen, the latest one), and whether the shopper accepted the
 * quote's total. A first quote without changes needs no confirmation; any later change of the
 * total, or any changed line, does, until the shopper accepts that total.
 */
export function usePriceConfirmation(quote: CartQuoteResponse | undefined) {
  const [seen, setSeen] = useState<CartQuoteResponse>();
  const [notices, setNotices] = useState<Record<string, LineNotice>>({});
  const [accepted, setAccepted] = useState<string>();
  const [changed, setChanged] = useState(false);
  // Derived from each new quote while rendering (no effect, so no frame shows a stale state).
  if (quote && quote !== seen) {
    setSeen(quote);
    setNotices((prev) => merge(prev, quote));
    if (quote.changes.length > 0 || (seen && seen.total !== quote.total)) setChanged(true);
    else if (!seen) setAccepted(quote.total);
  }
  const total = quote?.total;
  return {
    notices,
    /** Some quote changed a line or the total: the shopper confirms the total before paying. */
    changed,
    /** The total was accepted, or never changed; what checkout sends as expected_total. */
    confirmed: total !== undefined && accepted === total,
    accept: () => setAccepted(total),
    unaccept: () => setAccepted(undefined),
  };
}
