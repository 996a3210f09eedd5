import type { OrderDetail } from "@/features/orders/api/get-order";
import { formatDate, humanize } from "@/lib/format";

/** The road an order travels when all goes well; each stop is reached once the order's status gets there. */
const STEPS = [
  { status: "pending_payment", label: "Order placed" },
  { status: "paid", label: "Paid" },
  { status: "processing", label: "Being prepared", detail: "Bought from the stores and received at our warehouse" },
  { status: "shipped", label: "On its way" },
  { status: "delivered", label: "Delivered" },
] as const;

/** Endings that leave the road: shown after the last stop reached, with their reason. */
const ENDINGS: Record<string, string> = {
  cancelled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
};

const ITEM_WORDS: Record<string, string> = {
  pending: "Waiting for payment",
  ordered: "Ordered from the store",
  received: "At our warehouse",
  shipped: "On its way",
  delivered: "Delivered",
  failed: "Could not be bought",
  cancelled: "Cancelled",
};

type Change = OrderDetail["history"][number];

/**
 * Where the order is: the stops it has passed with their times, the one it is at, those ahead;
 * each item's own progress when they differ (items from several stores travel apart); and
 * the full log.
 */
/** `fullHistoryOpen`: the log starts unfolded (staff read it as the audit trail). */
export function OrderTimeline({ order, fullHistoryOpen = false }: { order: OrderDetail; fullHistoryOpen?: boolean }) {
  const orderChanges = order.history.filter((h) => h.item_id === null);
  const firstReach = new Map<string, Change>();
  for (const change of orderChanges) if (!firstReach.has(change.to)) firstReach.set(change.to, change);
  const reachedAt = (status: string): string | undefined =>
    status === "pending_payment" ? order.created_at : firstReach.get(status)?.at;

  // The furthest stop passed: a later stop reached means the earlier ones were passed too
  // (an order may go from paid straight to shipped).
  let furthest = 0;
  STEPS.forEach((step, i) => {
    if (reachedAt(step.status)) furthest = i;
  });
  const ending = ENDINGS[order.status] ? orderChanges.findLast((c) => c.to === order.status) : undefined;
  const itemsDiffer = new Set(order.items.map((i) => i.status)).size > 1;
  const titleOf = new Map(order.items.map((i) => [i.id, i.title]));
  const lastItemChange = new Map<string, Change>();
  for (const change of order.history) if (change.item_id) lastItemChange.set(change.item_id, change);

  return (
    <section aria-labelledby="tracking" className="rounded-lg border border-stone-200 bg-white p-4">
      <h2 id="tracking" className="font-semibold">
        Tracking
      </h2>
      <ol className="mt-3 flex flex-col" aria-label="Order progress">
        {STEPS.map((step, i) => {
          const at = reachedAt(step.status);
          const passed = i <= furthest;
          const current = i === furthest && !ending;
          // After an ending, the stops ahead will not come.
          if (ending && !passed) return null;
          return (
            <li
              key={step.status}
              aria-current={current ? "step" : undefined}
              className="relative flex gap-3 pb-4 last:pb-0"
              data-testid="timeline-step"
              data-state={current ? "current" : passed ? "done" : "upcoming"}
            >
              <span
                aria-hidden="true"
                className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border-2 text-xs font-bold ${
                  passed ? "border-brand-700 bg-brand-700 text-white" : "border-stone-300 bg-white"
                }`}
              >
                {passed && !current ? "✓" : ""}
              </span>
              <span className="flex flex-col">
                <span className={passed ? "font-medium" : "text-stone-600"}>
                  {step.label}
                  <span className="sr-only">{current ? " (current)" : passed ? " (done)" : " (to come)"}</span>
                </span>
                {at ? (
                  <time dateTime={at} className="text-sm text-stone-600">
                    {formatDate(at)}
                  </time>
                ) : (
                  passed && <span className="text-sm text-stone-600">Passed</span>
                )}
                {current && "detail" in step && <span className="text-sm text-stone-600">{step.detail}</span>}
              </span>
            </li>
          );
        })}
        {ending && (
          <li aria-current="step" className="flex gap-3" data-testid="timeline-step" data-state="current">
            <span
              aria-hidden="true"
              className="mt-0.5 size-5 shrink-0 rounded-full border-2 border-stone-500 bg-stone-500"
            />
            <span className="flex flex-col">
              <span className="font-medium">{ENDINGS[order.status]}</span>
              <time dateTime={ending.at} className="text-sm text-stone-600">
                {formatDate(ending.at)}
              </time>
              {ending.reason && <span className="text-sm text-stone-700">{ending.reason}</span>}
            </span>
          </li>
        )}
      </ol>

      {itemsDiffer && (
        <div className="mt-4 border-t border-stone-200 pt-3">
          <h3 className="text-sm font-semibold">Each item</h3>
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {order.items.map((item) => {
              const last = lastItemChange.get(item.id);
              return (
                <li key={item.id} className="flex flex-wrap justify-between gap-x-3">
                  <span>
                    {item.title} <span className="text-stone-600">({item.marketplace.name})</span>
                  </span>
                  <span>
                    {ITEM_WORDS[item.status] ?? humanize(item.status)}
                    {last && (
                      <time dateTime={last.at} className="ml-1 text-stone-600">
                        · {formatDate(last.at)}
                      </time>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <details open={fullHistoryOpen} className="mt-4 border-t border-stone-200 pt-3 text-sm">
        <summary className="cursor-pointer font-medium">Full history ({order.history.length})</summary>
        <ol className="mt-2 flex flex-col gap-1">
          {order.history.map((h) => (
            <li key={`${h.at}-${h.item_id ?? "order"}-${h.to}`}>
              <time dateTime={h.at} className="text-stone-600">
                {formatDate(h.at)}
              </time>{" "}
              {h.item_id ? `${titleOf.get(h.item_id) ?? "An item"}: ` : "Order: "}
              {h.from ? `${humanize(h.from)} → ` : ""}
              {humanize(h.to)}
              {h.reason && <span className="text-stone-600"> — {h.reason}</span>}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
