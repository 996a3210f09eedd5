import type { QuoteLineUnchecked } from "@sokoni/contracts";
import { Link } from "react-router";
import { formatMoney } from "@/lib/format";
import type { LineNotice } from "../hooks/use-price-confirmation";

/** Beside a summary line: its re-checked price ("was KSh 10,500 — now KSh 11,200") or that it is gone. */
export function LineNoticeBanner({
  notice,
  unchecked,
  currency,
  marketplace,
}: {
  notice?: LineNotice;
  unchecked?: QuoteLineUnchecked;
  currency: string;
  marketplace: string;
}) {
  if (notice?.change === "unavailable") {
    return (
      <p className="mt-1 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800">
        No longer sold by {marketplace}: not in your total.{" "}
        <Link to="/cart" className="font-medium underline">
          Remove it from your cart
        </Link>
      </p>
    );
  }
  if (notice) {
    const up = notice.change === "price_up";
    return (
      <p
        className={`mt-1 rounded border px-2 py-1 text-xs ${up ? "border-amber-300 bg-amber-50 text-amber-900" : "border-green-300 bg-green-50 text-green-900"}`}
      >
        {up ? "Price went up" : "Price went down"}: was {formatMoney(notice.previous_unit_price, currency)} — now{" "}
        {formatMoney(notice.unit_price, currency)} each
      </p>
    );
  }
  if (unchecked) {
    return (
      <p className="mt-1 rounded border border-stone-300 bg-stone-50 px-2 py-1 text-xs text-stone-700">
        Could not re-check with {marketplace} just now; priced as last seen.
      </p>
    );
  }
  return null;
}

/**
 * Above the pay button when prices changed: the new total, accepted with a checkbox before paying.
 * `key` it by the total so a new total asks again.
 */
export function ConfirmTotal({
  total,
  currency,
  confirmed,
  onChange,
}: {
  total: string;
  currency: string;
  confirmed: boolean;
  onChange: (accepted: boolean) => void;
}) {
  return (
    <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="font-semibold text-amber-900">Prices changed since you added these items</p>
      <p className="mt-1 text-sm text-amber-900">
        The stores were asked again just now; the order summary shows each change. Your total is now{" "}
        <strong>{formatMoney(total, currency)}</strong>.
      </p>
      <label className="mt-3 flex items-center gap-2 font-medium">
        <input
          type="checkbox"
          name="accept_total"
          checked={confirmed}
          onChange={(e) => onChange(e.currentTarget.checked)}
          className="h-5 w-5"
        />
        I accept the new total of {formatMoney(total, currency)}
      </label>
    </div>
  );
}
