import { FailedJobListResponse } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type FailedJobFilters = { name?: string; page?: number; page_size?: number };

/** GET /api/admin/jobs/failed: jobs that used up their retries, the last to fail first. */
export function getFailedJobs(filters: FailedJobFilters, signal?: AbortSignal) {
  return api(`/api/admin/jobs/failed${queryString(filters)}`, FailedJobListResponse, { signal });
}

export function getFailedJobsQueryOptions(filters: FailedJobFilters) {
  return queryOptions({
    queryKey: ["admin", "jobs", "failed", filters],
    queryFn: ({ signal }) => getFailedJobs(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useFailedJobs(filters: FailedJobFilters) {
  return useQuery(getFailedJobsQueryOptions(filters));
}
