import { PaymentProviderCode, PaymentStatus } from "@sokoni/contracts";
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useTransactions } from "@/features/admin/api/get-transactions";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;
const PROVIDER_NAMES: Record<PaymentProviderCode, string> = {
  mock: "Mock gateway",
  wallet: "Wallet",
  mpesa: "M-Pesa",
  stripe: "Card (Stripe)",
};
const STATUS_TONE: Record<PaymentStatus, string> = {
  pending: "bg-amber-100 text-amber-900",
  succeeded: "bg-green-100 text-green-900",
  failed: "bg-red-100 text-red-900",
  flagged: "bg-orange-100 text-orange-900",
  cancelled: "bg-stone-200 text-stone-800",
};

/** Every customer's payments over GET /api/transactions, filtered by status and provider; filters and page live in the URL. */
export function AdminTransactionList() {
  useTitle("Admin · Transactions");
  const [params, setParams] = useSearchParams();
  const parsedStatus = PaymentStatus.safeParse(params.get("status"));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const parsedProvider = PaymentProviderCode.safeParse(params.get("provider"));
  const provider = parsedProvider.success ? parsedProvider.data : undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const transactions = useTransactions({ status, provider, page, page_size: PAGE_SIZE });
  const statusId = useId();
  const providerId = useId();

  /** A changed filter starts again at page 1. */
  function setFilter(name: "status" | "provider", value: string) {
    const next = new URLSearchParams(params);
    next.delete("page");
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Transactions</h1>
      <div className="grid gap-3 sm:max-w-lg sm:grid-cols-2">
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
            {PaymentStatus.options.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={providerId} className="text-sm font-medium">
            Provider
          </label>
          <select
            id={providerId}
            value={provider ?? ""}
            onChange={(e) => setFilter("provider", e.target.value)}
            className="rounded-md border border-stone-400 bg-white px-3 py-2"
          >
            <option value="">All providers</option>
            {PaymentProviderCode.options.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_NAMES[p]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {transactions.isPending ? (
        <Spinner label="Loading transactions" />
      ) : transactions.isError ? (
        <ErrorState error={transactions.error} onRetry={() => transactions.refetch()} />
      ) : transactions.data.items.length === 0 ? (
        <EmptyState title={status || provider ? "No transactions match these filters" : "No transactions yet"} />
      ) : (
        <>
          <p className="text-sm text-stone-700" data-testid="transaction-count">
            {transactions.data.total} {transactions.data.total === 1 ? "transaction" : "transactions"}
          </p>
          <ul aria-label="Transactions" className="flex flex-col gap-2">
            {transactions.data.items.map((t) => (
              <li key={t.id} className="flex flex-col gap-1 rounded-lg border border-stone-200 bg-white p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-semibold">{PROVIDER_NAMES[t.provider]}</span>
                  <span className="flex items-center gap-3">
                    <span
                      className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-medium ${STATUS_TONE[t.status]}`}
                    >
                      {humanize(t.status)}
                    </span>
                    <Price storeAmount={t.amount} storeCurrency={t.currency} />
                  </span>
                </div>
                <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-stone-700">
                  <span>
                    {formatDate(t.created_at)}
                    {t.receipt ? ` · Receipt ${t.receipt}` : ""}
                    {t.phone_number ? ` · ${t.phone_number}` : ""}
                  </span>
                  <Link to={`/admin/orders/${t.order_id}`} className="font-medium text-brand-700 underline">
                    View order
                  </Link>
                </div>
                {t.failure_reason && <p className="text-sm text-red-800">{t.failure_reason}</p>}
              </li>
            ))}
          </ul>
          <Pagination
            page={transactions.data.page}
            pageSize={transactions.data.page_size}
            total={transactions.data.total}
          />
        </>
      )}
    </div>
  );
}
