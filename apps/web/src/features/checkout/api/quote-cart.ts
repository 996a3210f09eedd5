import { CartQuoteResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { useSession } from "@/lib/auth-session";

/**
 * POST /api/cart/quote: the cart after every external line was re-checked with its marketplace,
 * with the lines whose price or availability changed and those that could not be re-checked.
 */
export function quoteCart(signal?: AbortSignal): Promise<CartQuoteResponse> {
  return api("/api/cart/quote", CartQuoteResponse, { method: "POST", signal });
}

export function getCartQuoteQueryOptions(owner: string) {
  // Under ["cart", ...]: whatever invalidates the cart quotes it again. Asked on purpose (on load,
  // before placing), never because the window regained focus.
  return queryOptions({
    queryKey: ["cart", owner, "quote"],
    queryFn: ({ signal }) => quoteCart(signal),
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
}

/** The quote of whoever is signed in now (waits until the session is known). */
export function useCartQuote() {
  const session = useSession();
  const owner = session.user?.id ?? "guest";
  return useQuery({ ...getCartQuoteQueryOptions(owner), enabled: session.status !== "loading" });
}
