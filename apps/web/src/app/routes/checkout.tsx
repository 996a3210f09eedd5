import type { UserResponse } from "@sokoni/contracts";
import { Link, useNavigate } from "react-router";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useAddresses } from "@/features/account/api/get-addresses";
import { useCartQuote } from "@/features/checkout/api/quote-cart";
import { CheckoutForm, type PriceCheckResult } from "@/features/checkout/components/checkout-form";
import { ConfirmTotal, LineNoticeBanner } from "@/features/checkout/components/price-check";
import { usePriceConfirmation } from "@/features/checkout/hooks/use-price-confirmation";
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

type FormProps = Omit<Parameters<typeof CheckoutForm>[0], "guest" | "savedAddresses" | "defaultPhone">;

function SignedInCheckoutForm({ user, ...props }: FormProps & { user: UserResponse }) {
  const addresses = useAddresses(user.id);
  return <CheckoutForm guest={false} savedAddresses={addresses.data} defaultPhone={user.phone_number} {...props} />;
}

type Placed = FormProps["onPlaced"];

function Checkout({ user }: { user: UserResponse | null }) {
  // The stores are asked again for every external line on load and just before placing.
  const cart = useCartQuote();
  const navigate = useNavigate();
  const prices = usePriceConfirmation(cart.data);
  if (cart.isPending) return <Spinner label="Checking prices with the stores" />;
  // A failed re-check before placing keeps the page (the form says so); only a first failure replaces it.
  if (!cart.data) return <ErrorState error={cart.error} onRetry={() => cart.refetch()} />;
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
  const shown = c.total;
  const confirmed = prices.confirmed;
  const beforePlace = async (): Promise<PriceCheckResult> => {
    if (!confirmed) return { error: "Prices changed: check the order summary and accept the new total before paying." };
    const fresh = await cart.refetch();
    if (!fresh.data || fresh.isError) return { error: "The prices could not be re-checked just now. Try again." };
    if (fresh.data.items.some((i) => !i.available)) {
      return { error: "Some items can no longer be bought: remove them from your cart first." };
    }
    if (fresh.data.total !== shown) {
      return { error: "Prices changed again: check the order summary and accept the new total before paying." };
    }
    return { expectedTotal: fresh.data.total };
  };
  const formProps: FormProps = {
    onPlaced: (placed) => onPlaced(placed),
    beforePlace,
    onRefused: () => {
      prices.unaccept();
      void cart.refetch();
    },
    priceCheck: prices.changed && (
      <ConfirmTotal
        total={c.total}
        currency={c.store_currency}
        confirmed={confirmed}
        onChange={(yes) => (yes ? prices.accept() : prices.unaccept())}
      />
    ),
  };
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
          <SignedInCheckoutForm user={user} {...formProps} />
        ) : (
          <>
            <SignInOffer />
            <CheckoutForm guest {...formProps} />
          </>
        )}
      </div>
      <aside aria-labelledby="summary" className="h-fit rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="summary" className="mb-2 text-lg font-semibold">
          Order summary
        </h2>
        <ul className="flex flex-col gap-2 text-sm">
          {c.items
            .filter((i) => i.available || prices.notices[i.id])
            .map((i) => (
              <li key={i.id} data-testid="summary-line">
                <div className="flex justify-between gap-2">
                  <span>
                    {i.quantity} × {i.name}
                    <span className="block text-xs text-stone-600">{i.marketplace.name}</span>
                  </span>
                  {i.available && <Price storeAmount={i.line_total} storeCurrency={c.store_currency} />}
                </div>
                <LineNoticeBanner
                  notice={prices.notices[i.id]}
                  unchecked={c.unchecked.find((u) => u.item_id === i.id)}
                  currency={c.store_currency}
                  marketplace={i.marketplace.name}
                />
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
