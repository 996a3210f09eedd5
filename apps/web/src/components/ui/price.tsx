import { formatMoney } from "@/lib/format";

/** A price in the store currency (KES) with, when different, the original price and currency beside it. */
export function Price({
  storeAmount,
  storeCurrency,
  amount,
  currency,
  size = "md",
}: {
  storeAmount: string;
  storeCurrency: string;
  amount?: string;
  currency?: string;
  size?: "md" | "lg";
}) {
  const showOriginal = amount !== undefined && currency !== undefined && currency !== storeCurrency;
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-2">
      <span className={size === "lg" ? "text-2xl font-bold" : "font-semibold"}>
        {formatMoney(storeAmount, storeCurrency)}
      </span>
      {showOriginal && (
        <span className="text-sm text-stone-600">
          <span className="sr-only">originally </span>
          {formatMoney(amount, currency)}
        </span>
      )}
    </span>
  );
}
