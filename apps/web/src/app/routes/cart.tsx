import { Link } from "react-router";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCart } from "@/features/cart/api/get-cart";
import { CartView } from "@/features/cart/components/cart-view";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Cart");
  const cart = useCart();
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Your cart</h1>
      {cart.isPending ? (
        <Spinner label="Loading your cart" />
      ) : cart.isError ? (
        <ErrorState error={cart.error} onRetry={() => cart.refetch()} />
      ) : cart.data.items.length === 0 ? (
        <EmptyState title="Your cart is empty">
          <Link to="/search" className="font-medium text-brand-700 underline">
            Start shopping
          </Link>
        </EmptyState>
      ) : (
        <>
          <CartView cart={cart.data} />
          <Link
            to="/checkout"
            className="self-end rounded-md bg-brand-700 px-6 py-3 text-lg font-semibold text-white hover:bg-brand-800"
          >
            Checkout
          </Link>
        </>
      )}
    </div>
  );
}
