import { type FailedJobListResponse, RetryJobResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/admin/jobs/:id/retry: one more attempt for a failed job. */
export function retryJob(id: string): Promise<RetryJobResponse> {
  return api(`/api/admin/jobs/${encodeURIComponent(id)}/retry`, RetryJobResponse, { method: "POST" });
}

/** On success the job leaves the failed lists at once (it is queued again), and the dashboard's count follows. */
export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryJob,
    onSuccess: (job) => {
      queryClient.setQueriesData<FailedJobListResponse>({ queryKey: ["admin", "jobs", "failed"] }, (list) =>
        list?.items.some((j) => j.id === job.id)
          ? { ...list, items: list.items.filter((j) => j.id !== job.id), total: Math.max(0, list.total - 1) }
          : list,
      );
      return queryClient.invalidateQueries({ queryKey: ["admin", "dashboard"] });
    },
  });
}
