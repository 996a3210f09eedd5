import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { setGuest } from "@/lib/auth-session";

/** POST /api/auth/logout: the API revokes the session and clears the refresh cookie. */
export async function logout(): Promise<void> {
  try {
    await api("/api/auth/logout", null, { method: "POST" });
  } finally {
    setGuest();
  }
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: logout, onSettled: () => queryClient.clear() });
}
