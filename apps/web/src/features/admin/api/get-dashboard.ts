import { AdminDashboardResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/admin/dashboard: today's and the week's orders and revenue, statuses, failed jobs. */
export function getDashboard(signal?: AbortSignal): Promise<AdminDashboardResponse> {
  return api("/api/admin/dashboard", AdminDashboardResponse, { signal });
}

export function getDashboardQueryOptions() {
  return queryOptions({ queryKey: ["admin", "dashboard"], queryFn: ({ signal }) => getDashboard(signal) });
}

export function useDashboard() {
  return useQuery(getDashboardQueryOptions());
}
