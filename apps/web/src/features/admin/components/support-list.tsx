import { SUPPORT_STATUSES, SupportStatus } from "@sokoni/contracts";
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useSupportMessages } from "@/features/admin/api/support-messages";
import { SupportStatusBadge } from "@/features/admin/components/support-status";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

/** Shoppers' messages over GET /api/admin/support; open ones first by default; filter and page live in the URL. */
export function AdminSupportList() {
  useTitle("Admin · Support");
  const [params, setParams] = useSearchParams();
  // No status in the URL means open: the inbox shows what still needs an answer; "all" shows both.
  const raw = params.get("status") ?? "open";
  const parsed = SupportStatus.safeParse(raw);
  const status = parsed.success ? parsed.data : undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const messages = useSupportMessages({ status, page, page_size: PAGE_SIZE });
  const filterId = useId();

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Support</h1>
      <div className="flex flex-col gap-1 sm:max-w-xs">
        <label htmlFor={filterId} className="text-sm font-medium">
          Status
        </label>
        <select
          id={filterId}
          value={status ?? "all"}
          onChange={(e) => setParams(e.target.value === "open" ? {} : { status: e.target.value })}
          className="rounded-md border border-stone-400 bg-white px-3 py-2"
        >
          {SUPPORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
          <option value="all">All messages</option>
        </select>
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
