import { SupportMessageResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/admin/support/:id */
export function getSupportMessage(id: string, signal?: AbortSignal): Promise<SupportMessageResponse> {
  return api(`/api/admin/support/${encodeURIComponent(id)}`, SupportMessageResponse, { signal });
}

export function getSupportMessageQueryOptions(id: string) {
  return queryOptions({
    queryKey: ["admin", "support", "detail", id],
    queryFn: ({ signal }) => getSupportMessage(id, signal),
  });
}

export function useSupportMessage(id: string) {
  return useQuery(getSupportMessageQueryOptions(id));
}
