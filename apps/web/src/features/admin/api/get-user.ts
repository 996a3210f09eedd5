import { UserResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/users/:id: any user, for an admin. */
export function getUser(id: string, signal?: AbortSignal): Promise<UserResponse> {
  return api(`/api/users/${encodeURIComponent(id)}`, UserResponse, { signal });
}

export function getUserQueryOptions(id: string) {
  return queryOptions({ queryKey: ["admin", "users", "detail", id], queryFn: ({ signal }) => getUser(id, signal) });
}

export function useUser(id: string) {
  return useQuery(getUserQueryOptions(id));
}
