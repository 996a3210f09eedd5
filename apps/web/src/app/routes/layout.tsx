import { Suspense } from "react";
import { Link, NavLink, Outlet, ScrollRestoration, useNavigate, useNavigation, useSearchParams } from "react-router";
import { Spinner } from "@/components/ui/states";
import { useLogout } from "@/features/auth/api/logout";
import { useCart } from "@/features/cart/api/get-cart";
import { SearchBox } from "@/features/catalog/components/search-box";
import { useSession } from "@/lib/auth-session";

function CartLink() {
  const cart = useCart();
  const count = cart.data?.item_count ?? 0;
  return (
    <NavLink
      to="/cart"
      className="relative flex items-center gap-1 rounded-md px-2 py-1 font-medium hover:bg-brand-800"
      aria-label={`Cart, ${count} ${count === 1 ? "item" : "items"}`}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 3h2l2.4 12.2a2 2 0 0 0 2 1.8h8.2a2 2 0 0 0 2-1.6L21 8H6" />
        <circle cx="10" cy="20.5" r="1.5" />
        <circle cx="17" cy="20.5" r="1.5" />
      </svg>
      <span
        className="min-w-6 rounded-full bg-amber-400 px-1.5 text-center text-sm font-bold text-stone-900"
        data-testid="cart-count"
      >
        {count}
      </span>
    </NavLink>
  );
}

function AccountMenu() {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  if (session.status === "loading") return <span className="w-20" aria-hidden="true" />;
  if (session.status === "guest") {
    return (
      <Link to="/login" className="rounded-md px-2 py-1 font-medium hover:bg-brand-800">
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-1">
      <NavLink
        to="/account"
        className="flex max-w-32 items-center gap-1 rounded-md px-2 py-1 font-medium hover:bg-brand-800 sm:max-w-48"
        title="Your account: details, addresses, wallet"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="size-5 shrink-0"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21a8 8 0 0 1 16 0" />
        </svg>
        {/* The name the shopper gave (else the username), so a change on the details page shows here at once. */}
        <span className="sr-only">Account: </span>
        <span className="truncate" data-testid="account-name">
          {session.user.first_name || session.user.username}
        </span>
      </NavLink>
      <NavLink to="/orders" className="rounded-md px-2 py-1 font-medium hover:bg-brand-800">
        Orders
      </NavLink>
      <button
        type="button"
        onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/") })}
        className="whitespace-nowrap rounded-md px-2 py-1 font-medium hover:bg-brand-800"
        title={`Signed in as ${session.user.username}`}
      >
        Sign out
      </button>
    </div>
  );
}

export function Layout() {
  const navigation = useNavigation();
  const [params] = useSearchParams();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2 focus:text-stone-900"
      >
        Skip to content
      </a>
      <header className="bg-brand-700 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="text-2xl font-extrabold tracking-tight">
            Sokoni
          </Link>
          <nav aria-label="Account" className="order-2 ml-auto flex items-center gap-1 sm:order-3">
            <AccountMenu />
            <CartLink />
          </nav>
          <div className="order-3 w-full sm:order-2 sm:w-auto sm:flex-1">
            <SearchBox defaultValue={params.get("q") ?? ""} />
          </div>
        </div>
      </header>
      <div aria-live="polite" className="h-1">
        {navigation.state === "loading" && <div className="h-1 w-full animate-pulse bg-amber-400" />}
      </div>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="border-t border-stone-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-stone-700 sm:flex-row sm:items-center sm:justify-between">
          <p>Sokoni — one shop window over many stores. Prices in Kenyan shillings; M-Pesa first.</p>
          <nav aria-label="Site">
            <ul className="flex flex-wrap gap-x-4 gap-y-1">
              <li>
                <Link to="/stores" className="font-medium text-brand-700 underline">
                  Stores
                </Link>
              </li>
              <li>
                <Link to="/about" className="font-medium text-brand-700 underline">
                  About
                </Link>
              </li>
              <li>
                <Link to="/support" className="font-medium text-brand-700 underline">
                  Support
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
      <ScrollRestoration />
    </div>
  );
}
