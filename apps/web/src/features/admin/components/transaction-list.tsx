import { PaymentProviderCode, PaymentStatus } from "@sokoni/contracts";
import { Link } from "react-router";
import { SelectField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useTransactions } from "@/features/admin/api/get-transactions";
import { useUrlFilters } from "@/features/admin/hooks/use-url-filters";
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
  const { page, filter, setFilter } = useUrlFilters();
  const status = filter("status", PaymentStatus);
  const provider = filter("provider", PaymentProviderCode);
  const transactions = useTransactions({ status, provider, page, page_size: PAGE_SIZE });

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Transactions</h1>
      <div className="grid gap-3 sm:max-w-lg sm:grid-cols-2">
        <SelectField
          label="Status"
          name="status"
          value={status ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">All statuses</option>
          {PaymentStatus.options.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Provider"
          name="provider"
          value={provider ?? ""}
          onChange={(e) => setFilter("provider", e.target.value)}
        >
          <option value="">All providers</option>
          {PaymentProviderCode.options.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_NAMES[p]}
            </option>
          ))}
        </SelectField>
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
