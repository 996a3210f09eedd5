import { SupportListResponse, type SupportStatus } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type SupportFilters = { status?: SupportStatus; page?: number; page_size?: number };

/** GET /api/admin/support: messages from shoppers, newest first (staff and admins). */
export function getSupportMessages(filters: SupportFilters, signal?: AbortSignal): Promise<SupportListResponse> {
  return api(`/api/admin/support${queryString(filters)}`, SupportListResponse, { signal });
}

export function getSupportMessagesQueryOptions(filters: SupportFilters) {
  return queryOptions({
    queryKey: ["admin", "support", "list", filters],
    queryFn: ({ signal }) => getSupportMessages(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSupportMessages(filters: SupportFilters) {
  return useQuery(getSupportMessagesQueryOptions(filters));
}
