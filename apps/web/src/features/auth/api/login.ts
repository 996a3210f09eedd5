import { AuthResponse, type LoginBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, COOKIE_MODE } from "@/lib/api-client";
import { setSignedIn } from "@/lib/auth-session";

/** POST /api/auth/login in cookie mode: the refresh token stays in the HttpOnly cookie. */
export async function login(body: LoginBody): Promise<AuthResponse> {
  const auth = await api("/api/auth/login", AuthResponse, { method: "POST", body, headers: COOKIE_MODE });
  setSignedIn(auth.user, auth.access_token);
  return auth;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    // The guest cart was merged into the account's: every cached view is now someone else's.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
