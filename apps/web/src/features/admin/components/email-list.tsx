import { EMAIL_STATUSES, EMAIL_TEMPLATES, EmailStatus, EmailTemplate } from "@sokoni/contracts";
import { type FormEvent, useId } from "react";
import { Link, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useEmails } from "@/features/admin/api/get-emails";
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
  const [params, setParams] = useSearchParams();
  const parsedStatus = EmailStatus.safeParse(params.get("status"));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const parsedTemplate = EmailTemplate.safeParse(params.get("template"));
  const template = parsedTemplate.success ? parsedTemplate.data : undefined;
  const to = params.get("to")?.trim() || undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const emails = useEmails({ to, template, status, page, page_size: PAGE_SIZE });
  const statusId = useId();
  const templateId = useId();
  const toId = useId();

  function setFilter(name: "status" | "template" | "to", value: string) {
    const next = new URLSearchParams(params);
    next.delete("page");
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

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
        <div className="flex flex-col gap-1">
          <label htmlFor={templateId} className="text-sm font-medium">
            Kind
          </label>
          <select
            id={templateId}
            value={template ?? ""}
            onChange={(e) => setFilter("template", e.target.value)}
            className="rounded-md border border-stone-400 bg-white px-3 py-2"
          >
            <option value="">All kinds</option>
            {EMAIL_TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={statusId} className="text-sm font-medium">
            Status
          </label>
          <select
            id={statusId}
            value={status ?? ""}
            onChange={(e) => setFilter("status", e.target.value)}
            className="rounded-md border border-stone-400 bg-white px-3 py-2"
          >
            <option value="">All statuses</option>
            {EMAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
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
