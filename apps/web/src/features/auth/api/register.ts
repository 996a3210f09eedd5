import { AuthResponse, type RegisterBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, COOKIE_MODE } from "@/lib/api-client";
import { setSignedIn } from "@/lib/auth-session";

/** POST /api/users (sign-up) in cookie mode. */
export async function register(body: RegisterBody): Promise<AuthResponse> {
  const auth = await api("/api/users", AuthResponse, { method: "POST", body, headers: COOKIE_MODE });
  setSignedIn(auth.user, auth.access_token);
  return auth;
}

export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: register, onSuccess: () => queryClient.invalidateQueries() });
}
