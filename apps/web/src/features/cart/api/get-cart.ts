import { CartResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { useSession } from "@/lib/auth-session";

/** GET /api/cart: the signed-in user's cart, or the guest's (named by the HttpOnly sokoni_cart cookie). */
export function getCart(signal?: AbortSignal): Promise<CartResponse> {
  return api("/api/cart", CartResponse, { signal });
}

export function getCartQueryOptions(owner: string) {
  return queryOptions({ queryKey: ["cart", owner], queryFn: ({ signal }) => getCart(signal), staleTime: 0 });
}

/** The cart of whoever is signed in now (waits until the session is known). */
export function useCart() {
  const session = useSession();
  const owner = session.user?.id ?? "guest";
  return useQuery({ ...getCartQueryOptions(owner), enabled: session.status !== "loading" });
}
