import { AdminUserListResponse } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type UserFilters = { q?: string; page?: number; page_size?: number };

/** GET /api/admin/users: users by part of their email, username or phone number, newest first. */
export function getUsers(filters: UserFilters, signal?: AbortSignal) {
  return api(`/api/admin/users${queryString(filters)}`, AdminUserListResponse, { signal });
}

export function getUsersQueryOptions(filters: UserFilters) {
  return queryOptions({
    queryKey: ["admin", "users", filters],
    queryFn: ({ signal }) => getUsers(filters, signal),
    placeholderData: keepPreviousData,
  });
}

/** Asks only once there is something to search for. */
export function useUsers(filters: UserFilters) {
  return useQuery({ ...getUsersQueryOptions(filters), enabled: Boolean(filters.q) });
}
