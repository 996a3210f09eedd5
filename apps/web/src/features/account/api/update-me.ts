import { type UpdateMeBody, UserResponse } from "@sokoni/contracts";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { getSession, setSignedIn } from "@/lib/auth-session";

/** PATCH /api/users/me: the fields sent change. The session takes the new user, so the header and checkout see it. */
export async function updateMe(body: UpdateMeBody): Promise<UserResponse> {
  const user = await api("/api/users/me", UserResponse, { method: "PATCH", body });
  const { accessToken } = getSession();
  if (accessToken) setSignedIn(user, accessToken);
  return user;
}

export function useUpdateMe() {
  return useMutation({ mutationFn: updateMe });
}
