import { EMAIL_STATUSES, EMAIL_TEMPLATES, EmailStatus, EmailTemplate } from "@sokoni/contracts";
import { type FormEvent, useId } from "react";
import { Link } from "react-router";
import { SelectField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useEmails } from "@/features/admin/api/get-emails";
import { useUrlFilters } from "@/features/admin/hooks/use-url-filters";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

export const EMAIL_STATUS_TONE: Record<EmailStatus, string> = {
  queued: "bg-amber-100 text-amber-900",
  sent: "bg-green-100 text-green-900",
  failed: "bg-red-100 text-red-900",
};

/** Every email over GET /api/admin/emails, filtered by recipient, template and status; filters and page live in the URL. */
export function AdminEmailList() {
  useTitle("Admin · Emails");
  const { params, page, filter, setFilter } = useUrlFilters();
  const status = filter("status", EmailStatus);
  const template = filter("template", EmailTemplate);
  const to = params.get("to")?.trim() || undefined;
  const emails = useEmails({ to, template, status, page, page_size: PAGE_SIZE });
  const toId = useId();

  function submitTo(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilter("to", String(new FormData(event.currentTarget).get("to") ?? "").trim());
  }

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Emails</h1>
      <div className="grid gap-3 sm:grid-cols-3">
        <search>
          <form aria-label="Filter by recipient" onSubmit={submitTo} className="flex flex-col gap-1">
            <label htmlFor={toId} className="text-sm font-medium">
              Recipient
            </label>
            <div className="flex gap-2">
              <input
                id={toId}
                name="to"
                type="search"
                defaultValue={to}
                key={to}
                className="min-w-0 flex-1 rounded-md border border-stone-400 bg-white px-3 py-2"
              />
              <button type="submit" className="rounded-md border border-stone-400 bg-white px-3 py-2 font-medium">
                Filter
              </button>
            </div>
          </form>
        </search>
        <SelectField
          label="Kind"
          name="template"
          value={template ?? ""}
          onChange={(e) => setFilter("template", e.target.value)}
        >
          <option value="">All kinds</option>
          {EMAIL_TEMPLATES.map((t) => (
            <option key={t} value={t}>
              {humanize(t)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          value={status ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">All statuses</option>
          {EMAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </SelectField>
      </div>
      {emails.isPending ? (
        <Spinner label="Loading emails" />
      ) : emails.isError ? (
        <ErrorState error={emails.error} onRetry={() => emails.refetch()} />
      ) : emails.data.items.length === 0 ? (
        <EmptyState title={to || template || status ? "No emails match these filters" : "No emails yet"} />
      ) : (
        <>
          <ul aria-label="Emails" className="flex flex-col gap-2">
            {emails.data.items.map((e) => (
              <li key={e.id}>
                <Link
                  to={`/admin/emails/${e.id}`}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 bg-white p-3 hover:border-brand-700"
                >
                  <span className="min-w-0">
                    <span className="block font-semibold">{e.subject}</span>
                    <span className="block break-all text-sm text-stone-700">
                      To {e.to.join(", ")} · {formatDate(e.created_at)}
                    </span>
                  </span>
                  <span
                    className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-medium ${EMAIL_STATUS_TONE[e.status]}`}
                  >
                    {humanize(e.status)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <Pagination page={emails.data.page} pageSize={emails.data.page_size} total={emails.data.total} />
        </>
      )}
    </div>
  );
}
