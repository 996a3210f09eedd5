import type { FailedJobResponse } from "@sokoni/contracts";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { FormError } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useFailedJobs } from "@/features/admin/api/get-failed-jobs";
import { useRetryJob } from "@/features/admin/api/retry-job";
import { formatDate } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

/** The email an email-delivery job was sending, when its payload names one. */
function emailIdOf(job: FailedJobResponse): string | undefined {
  const data = job.data as { emailId?: unknown } | null;
  return typeof data?.emailId === "string" ? data.emailId : undefined;
}

function FailedJob({ job, onRetried }: { job: FailedJobResponse; onRetried: (name: string) => void }) {
  const retry = useRetryJob();
  const emailId = emailIdOf(job);
  const [error, setError] = useState<string>();
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-mono text-sm font-semibold break-all">{job.name}</span>
        <span className="text-sm text-stone-700">
          {job.retry_count + 1} {job.retry_count === 0 ? "attempt" : "attempts"}
          {job.completed_on ? ` · failed ${formatDate(job.completed_on)}` : ""}
        </span>
      </div>
      <p className="text-sm break-words text-red-800">{job.error ?? "No error message was recorded."}</p>
      {emailId && (
        <Link to={`/admin/emails/${emailId}`} className="self-start text-sm font-medium text-brand-700 underline">
          The email it was sending
        </Link>
      )}
      <FormError message={error} />
      <button
        type="button"
        disabled={retry.isPending}
        onClick={() => {
          setError(undefined);
          retry.mutate(job.id, {
            onSuccess: () => onRetried(job.name),
            onError: (err) => setError(err instanceof Error ? err.message : "The retry failed."),
          });
        }}
        className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {retry.isPending ? "Retrying…" : "Retry"}
        <span className="sr-only"> {job.name} job</span>
      </button>
    </li>
  );
}

/** Jobs that used up their retries (GET /api/admin/jobs/failed); Retry queues one again and it leaves the list. */
export function AdminFailedJobList() {
  useTitle("Admin · Failed jobs");
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const jobs = useFailedJobs({ page, page_size: PAGE_SIZE });
  const [retried, setRetried] = useState<string>();

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Failed jobs</h1>
      <p role="status" className="text-sm text-green-800">
        {retried ? `Queued ${retried} again.` : ""}
      </p>
      {jobs.isPending ? (
        <Spinner label="Loading failed jobs" />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState title="No failed jobs">Every background job finished or is still being retried.</EmptyState>
      ) : (
        <>
          <ul aria-label="Failed jobs" className="flex flex-col gap-2">
            {jobs.data.items.map((job) => (
              <FailedJob key={job.id} job={job} onRetried={setRetried} />
            ))}
          </ul>
          <Pagination page={jobs.data.page} pageSize={jobs.data.page_size} total={jobs.data.total} />
        </>
      )}
    </div>
  );
}
