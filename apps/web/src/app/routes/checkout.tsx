import { Link, useNavigate } from "react-router";
import { RequireAuth } from "@/app/require-auth";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCart } from "@/features/cart/api/get-cart";
import { CheckoutForm } from "@/features/checkout/components/checkout-form";
import { formatMoney } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

function Checkout({ userId, phone }: { userId: string; phone: string }) {
  const cart = useCart();
  const navigate = useNavigate();
  if (cart.isPending) return <Spinner label="Loading your cart" />;
  if (cart.isError) return <ErrorState error={cart.error} onRetry={() => cart.refetch()} />;
  if (cart.data.items.length === 0) {
    return (
      <EmptyState title="Your cart is empty">
        <Link to="/search" className="font-medium text-brand-700 underline">
          Start shopping
        </Link>
      </EmptyState>
    );
  }
  const c = cart.data;
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <CheckoutForm
        userId={userId}
        defaultPhone={phone}
        onPlaced={({ order, payment }) => {
          const confirmation = `/orders/${order.id}/confirmation`;
          if (payment.redirect_url) {
            // This history entry becomes the confirmation, so Back from the payment page lands
            // there; it follows the payment until it settles.
            window.history.replaceState(null, "", confirmation);
            window.location.assign(payment.redirect_url);
          } else navigate(confirmation, { replace: true });
        }}
      />
      <aside aria-labelledby="summary" className="h-fit rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="summary" className="mb-2 text-lg font-semibold">
          Order summary
        </h2>
        <ul className="flex flex-col gap-2 text-sm">
          {c.items
            .filter((i) => i.available)
            .map((i) => (
              <li key={i.id} className="flex justify-between gap-2">
                <span>
                  {i.quantity} × {i.name}
                  <span className="block text-xs text-stone-600">{i.marketplace.name}</span>
                </span>
                <Price storeAmount={i.line_total} storeCurrency={c.store_currency} />
              </li>
            ))}
        </ul>
        <p className="mt-3 flex justify-between border-t border-stone-200 pt-3 font-bold">
          <span>Total</span>
          <span>{formatMoney(c.total, c.store_currency)}</span>
        </p>
      </aside>
    </div>
  );
}

export function Component() {
  useTitle("Checkout");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Checkout</h1>
      <RequireAuth>{(user) => <Checkout userId={user.id} phone={user.phone_number} />}</RequireAuth>
    </div>
  );
}
