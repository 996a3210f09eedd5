import type { CartItemResponse, CartResponse } from "@sokoni/contracts";
import { Link } from "react-router";
import { Price } from "@/components/ui/price";
import { useRemoveCartItem } from "@/features/cart/api/remove-cart-item";
import { useUpdateCartItem } from "@/features/cart/api/update-cart-item";
import { formatMoney, humanize } from "@/lib/format";

function CartLine({ item, storeCurrency }: { item: CartItemResponse; storeCurrency: string }) {
  const update = useUpdateCartItem();
  const remove = useRemoveCartItem();
  const max = item.stock !== null ? Math.max(item.quantity, item.stock) : 999;
  return (
    <li className="flex gap-3 py-3">
      <div className="size-20 shrink-0 overflow-hidden rounded-md bg-stone-100">
        {item.image_url && (
          <img src={item.image_url} alt="" width={80} height={80} className="size-full object-cover" />
        )}
      </div>
      <div className="flex flex-1 flex-col gap-1">
        <Link to={`/products/${item.product_id}`} className="font-medium hover:underline">
          {item.name}
        </Link>
        <Price
          storeAmount={item.unit_store_price}
          storeCurrency={storeCurrency}
          amount={item.unit_price}
          currency={item.currency}
        />
        {!item.available && item.unavailable_reason && (
          <p className="text-sm font-medium text-red-700">{humanize(item.unavailable_reason)}</p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            Quantity
            <select
              aria-label={`Quantity of ${item.name}`}
              value={item.quantity}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ id: item.id, quantity: Number(e.target.value) })}
              className="rounded-md border border-stone-400 bg-white px-2 py-1"
            >
              {Array.from({ length: Math.min(max, 20) }, (_, i) => i + 1)
                .concat(item.quantity > 20 ? [item.quantity] : [])
                .map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => remove.mutate(item.id)}
            disabled={remove.isPending}
            className="text-sm font-medium text-red-700 underline"
            aria-label={`Remove ${item.name}`}
          >
            Remove
          </button>
        </div>
        {(update.error || remove.error) && (
          <p role="alert" className="text-sm text-red-700">
            {(update.error ?? remove.error)?.message}
          </p>
        )}
      </div>
      <div className="text-right font-semibold">{formatMoney(item.line_total, storeCurrency)}</div>
    </li>
  );
}

/** The cart grouped by marketplace (one supplier order each), one total in the store currency. */
export function CartView({ cart }: { cart: CartResponse }) {
  return (
    <div className="flex flex-col gap-4">
      {cart.groups.map((group) => (
        <section
          key={group.marketplace.id}
          aria-labelledby={`group-${group.marketplace.code}`}
          className="rounded-lg border border-stone-200 bg-white p-4"
        >
          <h2 id={`group-${group.marketplace.code}`} className="flex justify-between font-semibold">
            <span>{group.marketplace.name}</span>
            <span className="text-sm font-normal text-stone-700">
              Subtotal {formatMoney(group.subtotal, cart.store_currency)}
            </span>
          </h2>
          <ul className="divide-y divide-stone-200">
            {cart.items
              .filter((item) => item.marketplace.id === group.marketplace.id)
              .map((item) => (
                <CartLine key={item.id} item={item} storeCurrency={cart.store_currency} />
              ))}
          </ul>
        </section>
      ))}
      <div className="flex items-center justify-between rounded-lg border border-stone-200 bg-white p-4">
        <span className="font-semibold">
          Total ({cart.item_count} {cart.item_count === 1 ? "item" : "items"})
        </span>
        <span className="text-xl font-bold" data-testid="cart-total">
          {formatMoney(cart.total, cart.store_currency)}
        </span>
      </div>
    </div>
  );
}
