import { humanize } from "@/lib/format";

const TONE: Record<string, string> = {
  pending_payment: "bg-amber-100 text-amber-900",
  paid: "bg-green-100 text-green-900",
  processing: "bg-sky-100 text-sky-900",
  shipped: "bg-sky-100 text-sky-900",
  delivered: "bg-green-100 text-green-900",
  cancelled: "bg-stone-200 text-stone-800",
  refunded: "bg-stone-200 text-stone-800",
  partially_refunded: "bg-stone-200 text-stone-800",
};

export function OrderStatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-medium ${TONE[status] ?? "bg-stone-200"}`}
      data-testid="order-status"
    >
      {humanize(status)}
    </span>
  );
}
