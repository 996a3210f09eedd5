import { EmailResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/admin/emails/:id: one email with its text and HTML bodies. */
export function getEmail(id: string, signal?: AbortSignal): Promise<EmailResponse> {
  return api(`/api/admin/emails/${encodeURIComponent(id)}`, EmailResponse, { signal });
}

export function getEmailQueryOptions(id: string) {
  return queryOptions({ queryKey: ["admin", "emails", "detail", id], queryFn: ({ signal }) => getEmail(id, signal) });
}

export function useEmail(id: string) {
  return useQuery(getEmailQueryOptions(id));
}
