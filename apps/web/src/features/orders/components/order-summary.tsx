import { Price } from "@/components/ui/price";
import type { OrderDetail } from "@/features/orders/api/get-order";
import { OrderTimeline } from "@/features/orders/components/order-timeline";
import { formatMoney, humanize } from "@/lib/format";

const PROVIDERS: Record<string, string> = { mpesa: "M-Pesa", stripe: "Card", mock: "Mock gateway", wallet: "Wallet" };

/** An order's items per marketplace, totals, delivery address, payments and its tracking timeline. */
export function OrderSummary({ order, fullHistoryOpen = false }: { order: OrderDetail; fullHistoryOpen?: boolean }) {
  const a = order.shipping_address;
  return (
    <div className="flex flex-col gap-4">
      <OrderTimeline order={order} fullHistoryOpen={fullHistoryOpen} />
      {order.groups.map((group) => (
        <section
          key={group.marketplace.id}
          aria-labelledby={`og-${group.marketplace.code}`}
          className="rounded-lg border border-stone-200 bg-white p-4"
        >
          <h2 id={`og-${group.marketplace.code}`} className="flex justify-between font-semibold">
            <span>{group.marketplace.name}</span>
            <span className="text-sm font-normal">Subtotal {formatMoney(group.subtotal, order.currency)}</span>
          </h2>
          <ul className="divide-y divide-stone-200">
            {order.items
              .filter((i) => group.item_ids.includes(i.id))
              .map((i) => (
                <li key={i.id} className="flex justify-between gap-3 py-2">
                  <span>
                    {i.quantity} × {i.title}
                    <span className="block text-xs text-stone-600">{humanize(i.status)}</span>
                  </span>
                  <Price
                    storeAmount={i.line_total}
                    storeCurrency={order.currency}
                    amount={(Number(i.unit_price) * i.quantity).toFixed(2)}
                    currency={i.currency}
                  />
                </li>
              ))}
          </ul>
        </section>
      ))}
      <dl className="grid grid-cols-2 gap-y-1 rounded-lg border border-stone-200 bg-white p-4">
        <dt>Subtotal</dt>
        <dd className="text-right">{formatMoney(order.subtotal, order.currency)}</dd>
        <dt>Shipping</dt>
        <dd className="text-right">{formatMoney(order.shipping, order.currency)}</dd>
        <dt className="font-bold">Total</dt>
        <dd className="text-right font-bold">{formatMoney(order.total, order.currency)}</dd>
      </dl>
      <div className="grid gap-4 sm:grid-cols-2">
        <section aria-labelledby="ship-to" className="rounded-lg border border-stone-200 bg-white p-4">
          <h2 id="ship-to" className="font-semibold">
            Delivery address
          </h2>
          <address className="not-italic">
            {a.name}
            <br />
            {a.line1}
            {a.line2 && (
              <>
                <br />
                {a.line2}
              </>
            )}
            <br />
            {a.city}
            {a.region && `, ${a.region}`} {a.postal_code} ({a.country})
            <br />
            {a.phone_number}
          </address>
        </section>
        <section aria-labelledby="payments" className="rounded-lg border border-stone-200 bg-white p-4">
          <h2 id="payments" className="font-semibold">
            Payments
          </h2>
          {order.payments.length === 0 ? (
            <p className="text-sm">None yet.</p>
          ) : (
            <ul className="text-sm">
              {order.payments.map((p) => (
                <li key={p.id}>
                  {PROVIDERS[p.provider] ?? humanize(p.provider)}: {humanize(p.status)} —{" "}
                  {formatMoney(p.amount, p.currency)}
                  {p.failure_reason && <span className="block text-red-700">{p.failure_reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
