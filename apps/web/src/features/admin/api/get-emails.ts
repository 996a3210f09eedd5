import { EmailListResponse, type EmailStatus, type EmailTemplate } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type EmailFilters = {
  to?: string;
  template?: EmailTemplate;
  status?: EmailStatus;
  page?: number;
  page_size?: number;
};

/** GET /api/admin/emails: every email the shop sent or tried to send, newest first. */
export function getEmails(filters: EmailFilters, signal?: AbortSignal) {
  return api(`/api/admin/emails${queryString(filters)}`, EmailListResponse, { signal });
}

export function getEmailsQueryOptions(filters: EmailFilters) {
  return queryOptions({
    queryKey: ["admin", "emails", "list", filters],
    queryFn: ({ signal }) => getEmails(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEmails(filters: EmailFilters) {
  return useQuery(getEmailsQueryOptions(filters));
}
