import { SUPPORT_STATUSES, SupportStatus } from "@sokoni/contracts";
import { Link } from "react-router";
import { SelectField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useSupportMessages } from "@/features/admin/api/support-messages";
import { SupportStatusBadge } from "@/features/admin/components/support-status";
import { useUrlFilters } from "@/features/admin/hooks/use-url-filters";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

/** Shoppers' messages over GET /api/admin/support; open ones first by default; filter and page live in the URL. */
export function AdminSupportList() {
  useTitle("Admin · Support");
  const { page, filter, setFilter } = useUrlFilters();
  // No status in the URL means open: the inbox shows what still needs an answer; "all" shows both.
  const status = filter("status", SupportStatus, "open");
  const messages = useSupportMessages({ status, page, page_size: PAGE_SIZE });

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Support</h1>
      <div className="sm:max-w-xs">
        <SelectField
          label="Status"
          name="status"
          value={status ?? "all"}
          onChange={(e) => setFilter("status", e.target.value === "open" ? "" : e.target.value)}
        >
          {SUPPORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
          <option value="all">All messages</option>
        </SelectField>
      </div>
      {messages.isPending ? (
        <Spinner label="Loading messages" />
      ) : messages.isError ? (
        <ErrorState error={messages.error} onRetry={() => messages.refetch()} />
      ) : messages.data.items.length === 0 ? (
        <EmptyState title={status ? `No ${status} messages` : "No messages yet"}>
          {status === "open" && "Every message has been answered."}
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-stone-700" data-testid="support-count">
            {messages.data.total} {messages.data.total === 1 ? "message" : "messages"}
          </p>
          <ul aria-label="Support messages" className="flex flex-col gap-2">
            {messages.data.items.map((m) => (
              <li key={m.id}>
                <Link
                  to={`/admin/support/${m.id}`}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 bg-white p-3 hover:border-brand-700"
                >
                  <span className="min-w-0">
                    <span className="block truncate font-semibold">{m.subject}</span>
                    <span className="block text-sm text-stone-700">
                      {m.reference} · {m.name} · {formatDate(m.created_at)}
                      {m.order_number && ` · ${m.order_number}`}
                    </span>
                  </span>
                  <SupportStatusBadge status={m.status} />
                </Link>
              </li>
            ))}
          </ul>
          <Pagination page={messages.data.page} pageSize={messages.data.page_size} total={messages.data.total} />
        </>
      )}
    </div>
  );
}
