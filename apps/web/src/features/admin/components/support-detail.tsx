import type { SupportMessageResponse } from "@sokoni/contracts";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { FormError } from "@/components/ui/field";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useSupportMessage } from "@/features/admin/api/support-message";
import { useSetSupportStatus } from "@/features/admin/api/support-set-status";
import { SupportStatusBadge } from "@/features/admin/components/support-status";
import { formatDate } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

/** Resolve an open message, or reopen a resolved one; the API records who and when. */
function StatusAction({ message }: { message: SupportMessageResponse }) {
  const mutation = useSetSupportStatus(message.id);
  const [error, setError] = useState<string>();
  const next = message.status === "open" ? "resolved" : "open";

  async function change() {
    setError(undefined);
    try {
      await mutation.mutateAsync(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : "The change failed.");
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <FormError message={error} />
      <p role="status" className="text-sm text-stone-700">
        {message.status_changed_at &&
          `${message.status === "resolved" ? "Resolved" : "Reopened"} ${formatDate(message.status_changed_at)}${
            message.status_changed_by ? ` by ${message.status_changed_by.email}` : ""
          }.`}
      </p>
      <button
        type="button"
        onClick={change}
        disabled={mutation.isPending}
        className={`self-start rounded-md px-4 py-2 font-semibold disabled:opacity-60 ${
          next === "resolved"
            ? "bg-brand-700 text-white hover:bg-brand-800"
            : "border border-stone-400 bg-white text-stone-900 hover:bg-stone-100"
        }`}
      >
        {mutation.isPending ? "Saving…" : next === "resolved" ? "Mark as resolved" : "Reopen"}
      </button>
    </div>
  );
}

/** One message as GET /api/admin/support/:id gives it: sender, order, the words, and its status. */
export function AdminSupportDetail() {
  const { id = "" } = useParams();
  const message = useSupportMessage(id);
  useTitle(message.data ? `Admin · Support ${message.data.reference}` : "Admin · Support");
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/support" className="text-sm font-medium text-brand-700 underline">
        ← All support messages
      </Link>
      {message.isPending ? (
        <Spinner label="Loading the message" />
      ) : message.isError ? (
        <ErrorState error={message.error} onRetry={() => message.refetch()} />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold break-words">{message.data.subject}</h1>
            <SupportStatusBadge status={message.data.status} />
          </div>
          <dl className="grid gap-x-4 gap-y-1 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="font-medium">Reference</dt>
            <dd>{message.data.reference}</dd>
            <dt className="font-medium">From</dt>
            <dd className="break-words">
              {message.data.name} &lt;
              <a href={`mailto:${message.data.email}`} className="text-brand-700 underline">
                {message.data.email}
              </a>
              &gt;{message.data.user_id ? " · signed in" : " · guest"}
            </dd>
            <dt className="font-medium">Sent</dt>
            <dd>{formatDate(message.data.created_at)}</dd>
            {message.data.order_number && (
              <>
                <dt className="font-medium">Order</dt>
                <dd>
                  {message.data.order_id ? (
                    <Link to={`/admin/orders/${message.data.order_id}`} className="text-brand-700 underline">
                      {message.data.order_number}
                    </Link>
                  ) : (
                    message.data.order_number
                  )}
                </dd>
              </>
            )}
          </dl>
          <section aria-labelledby="support-message" className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id="support-message" className="font-semibold">
              Message
            </h2>
            <p className="mt-2 whitespace-pre-wrap break-words">{message.data.message}</p>
          </section>
          <StatusAction message={message.data} />
        </>
      )}
    </div>
  );
}
