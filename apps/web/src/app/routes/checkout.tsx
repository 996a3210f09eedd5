import type { UserResponse } from "@sokoni/contracts";
import { Link, useNavigate } from "react-router";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useAddresses } from "@/features/account/api/get-addresses";
import { useCart } from "@/features/cart/api/get-cart";
import { CheckoutForm } from "@/features/checkout/components/checkout-form";
import { useSession } from "@/lib/auth-session";
import { formatMoney } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

/** Signing in is offered, never forced: the cart comes along and saved addresses and the wallet appear. */
function SignInOffer() {
  const next = encodeURIComponent("/checkout");
  return (
    <section aria-labelledby="have-account" className="rounded-lg border border-brand-100 bg-brand-50 p-4">
      <h2 id="have-account" className="font-semibold">
        Have an account?
      </h2>
      <p className="mt-1 text-sm">
        <Link to={`/login?next=${next}`} className="font-medium text-brand-700 underline">
          Sign in
        </Link>{" "}
        or{" "}
        <Link to={`/register?next=${next}`} className="font-medium text-brand-700 underline">
          create one
        </Link>{" "}
        to use saved addresses and your wallet, and to see all your orders in one place. Your cart comes with you. Or
        simply continue below as a guest.
      </p>
    </section>
  );
}

function SignedInCheckoutForm({ user, onPlaced }: { user: UserResponse; onPlaced: Placed }) {
  const addresses = useAddresses(user.id);
  return (
    <CheckoutForm guest={false} savedAddresses={addresses.data} defaultPhone={user.phone_number} onPlaced={onPlaced} />
  );
}

type Placed = Parameters<typeof CheckoutForm>[0]["onPlaced"];

function Checkout({ user }: { user: UserResponse | null }) {
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
  const onPlaced: Placed = ({ order, payment }) => {
    const confirmation = `/orders/${order.id}/confirmation`;
    if (payment.redirect_url) {
      // This history entry becomes the confirmation, so Back from the payment page lands
      // there; it follows the payment until it settles.
      window.history.replaceState(null, "", confirmation);
      window.location.assign(payment.redirect_url);
    } else navigate(confirmation, { replace: true });
  };
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="flex flex-col gap-4">
        {user ? (
          <SignedInCheckoutForm user={user} onPlaced={onPlaced} />
        ) : (
          <>
            <SignInOffer />
            <CheckoutForm guest onPlaced={onPlaced} />
          </>
        )}
      </div>
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
  const session = useSession();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Checkout</h1>
      {session.status === "loading" ? (
        <Spinner label="Checking your session" />
      ) : (
        <Checkout user={session.status === "signed-in" ? session.user : null} />
      )}
    </div>
  );
}
