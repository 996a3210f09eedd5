import { Link, useParams } from "react-router";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useEmail } from "@/features/admin/api/get-email";
import { EMAIL_STATUS_TONE } from "@/features/admin/components/email-list";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

/**
 * One email: headers, status, the text body, and the HTML body only inside a sandboxed iframe
 * (sandbox="" gives it no scripts, no forms, no same-origin access), never in this page's DOM.
 */
export function AdminEmailDetail() {
  const { id = "" } = useParams();
  const email = useEmail(id);
  useTitle(email.data ? `Admin · ${email.data.subject}` : "Admin · Email");

  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/emails" className="text-sm font-medium text-brand-700 underline">
        ← All emails
      </Link>
      {email.isPending ? (
        <Spinner label="Loading the email" />
      ) : email.isError ? (
        <ErrorState error={email.error} onRetry={() => email.refetch()} />
      ) : (
        <>
          <h1 className="text-2xl font-bold break-words">{email.data.subject}</h1>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-stone-200 bg-white p-4 text-sm">
            <dt className="text-stone-700">To</dt>
            <dd className="break-all">{email.data.to.join(", ")}</dd>
            <dt className="text-stone-700">From</dt>
            <dd className="break-all">{email.data.from}</dd>
            <dt className="text-stone-700">Status</dt>
            <dd>
              <span
                className={`inline-block rounded-full px-2.5 py-0.5 font-medium ${EMAIL_STATUS_TONE[email.data.status]}`}
                data-testid="email-status"
              >
                {humanize(email.data.status)}
              </span>
            </dd>
            <dt className="text-stone-700">Kind</dt>
            <dd>{email.data.template ? humanize(email.data.template) : "Caught from elsewhere"}</dd>
            <dt className="text-stone-700">Attempts</dt>
            <dd>{email.data.attempts}</dd>
            <dt className="text-stone-700">Created</dt>
            <dd>{formatDate(email.data.created_at)}</dd>
            {email.data.sent_at && (
              <>
                <dt className="text-stone-700">Sent</dt>
                <dd>{formatDate(email.data.sent_at)}</dd>
              </>
            )}
            {email.data.error && (
              <>
                <dt className="text-stone-700">Last error</dt>
                <dd className="text-red-800 break-words">{email.data.error}</dd>
              </>
            )}
          </dl>
          <section aria-labelledby="email-text" className="flex flex-col gap-2">
            <h2 id="email-text" className="font-semibold">
              Text
            </h2>
            <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-lg border border-stone-200 bg-white p-4 text-sm">
              {email.data.text}
            </pre>
          </section>
          {email.data.html !== null && (
            <section aria-labelledby="email-html" className="flex flex-col gap-2">
              <h2 id="email-html" className="font-semibold">
                As the customer sees it
              </h2>
              <iframe
                title={`HTML of “${email.data.subject}”`}
                sandbox=""
                srcDoc={email.data.html}
                className="h-[32rem] w-full rounded-lg border border-stone-200 bg-white"
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
