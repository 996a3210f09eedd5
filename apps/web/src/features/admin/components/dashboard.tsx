import type { ReactNode } from "react";
import { Link } from "react-router";
import { Price } from "@/components/ui/price";
import { ErrorState } from "@/components/ui/states";
import { useDashboard } from "@/features/admin/api/get-dashboard";
import { OrderStatusBadge } from "@/features/orders/components/order-status";
import { useSession } from "@/lib/auth-session";
import { humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

function Figure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-4">
      <dt className="text-sm text-stone-700">{label}</dt>
      <dd className="mt-1 text-2xl font-bold" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Placeholders of the cards' size while the figures load (no layout shift). */
function DashboardSkeleton() {
  return (
    <div role="status" aria-label="Loading the dashboard" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {["a", "b", "c", "d"].map((k) => (
        <div key={k} className="h-[5.5rem] animate-pulse rounded-lg border border-stone-200 bg-stone-100" />
      ))}
    </div>
  );
}

/** The admin console's first page: today's and the week's orders and revenue, statuses, failing jobs. */
export function AdminDashboard() {
  useTitle("Admin · Dashboard");
  const dashboard = useDashboard();
  // Staff see the figures; the screens behind the failed jobs and payments are for admins.
  const isAdmin = useSession().user?.role === "admin";

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      {dashboard.isPending ? (
        <DashboardSkeleton />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : (
        <>
          <section aria-labelledby="dash-sales" className="flex flex-col gap-2">
            <h2 id="dash-sales" className="font-semibold">
              Sales
            </h2>
            <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <Figure label="Orders today" testId="orders-today">
                {dashboard.data.today.orders}
              </Figure>
              <Figure label="Revenue today" testId="revenue-today">
                <Price storeAmount={dashboard.data.today.revenue} storeCurrency={dashboard.data.currency} />
              </Figure>
              <Figure label="Orders, last 7 days" testId="orders-week">
                {dashboard.data.last_7_days.orders}
              </Figure>
              <Figure label="Revenue, last 7 days" testId="revenue-week">
                <Price storeAmount={dashboard.data.last_7_days.revenue} storeCurrency={dashboard.data.currency} />
              </Figure>
            </dl>
            <p className="text-sm text-stone-700">
              Days run from midnight in Nairobi. Revenue counts paid orders that were not cancelled or refunded.
            </p>
          </section>

          <section aria-labelledby="dash-jobs" className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id="dash-jobs" className="font-semibold">
              Background jobs
            </h2>
            {dashboard.data.failed_jobs === 0 ? (
              <p className="text-sm text-stone-700" data-testid="failed-jobs">
                No failed jobs.
              </p>
            ) : (
              <p className="flex flex-wrap items-center gap-3">
                <span className="font-medium text-red-800" data-testid="failed-jobs">
                  {dashboard.data.failed_jobs} failed {dashboard.data.failed_jobs === 1 ? "job" : "jobs"}
                </span>
                {isAdmin && (
                  <Link to="/admin/jobs" className="font-medium text-brand-700 underline">
                    Review failed jobs
                  </Link>
                )}
              </p>
            )}
          </section>

          <div className="grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="dash-orders" className="flex flex-col gap-2">
              <h2 id="dash-orders" className="font-semibold">
                Orders by status
              </h2>
              <ul className="flex flex-col divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
                {dashboard.data.orders_by_status.map((s) => (
                  <li key={s.status} className="flex items-center justify-between gap-2 px-3 py-2">
                    <Link to={`/admin/orders?status=${s.status}`} className="underline-offset-2 hover:underline">
                      <OrderStatusBadge status={s.status} />
                    </Link>
                    <span className="font-semibold" data-testid={`orders-${s.status}`}>
                      {s.count}
                    </span>
                  </li>
                ))}
              </ul>
            </section>

            <section aria-labelledby="dash-payments" className="flex flex-col gap-2">
              <h2 id="dash-payments" className="font-semibold">
                Payments by status
              </h2>
              {dashboard.data.payments_by_status.length === 0 ? (
                <p className="rounded-lg border border-dashed border-stone-300 bg-white p-4 text-sm text-stone-700">
                  No payments yet.
                </p>
              ) : (
                <table className="w-full rounded-lg border border-stone-200 bg-white text-left">
                  <thead className="text-sm text-stone-700">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Status
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Count
                      </th>
                      <th scope="col" className="px-3 py-2 text-right font-medium">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-200">
                    {dashboard.data.payments_by_status.map((p) => (
                      <tr key={`${p.status}-${p.currency}`}>
                        <th scope="row" className="px-3 py-2 font-normal">
                          {isAdmin ? (
                            <Link to={`/admin/transactions?status=${p.status}`} className="text-brand-700 underline">
                              {humanize(p.status)}
                            </Link>
                          ) : (
                            humanize(p.status)
                          )}
                        </th>
                        <td className="px-3 py-2 text-right" data-testid={`payments-${p.status}-count`}>
                          {p.count}
                        </td>
                        <td className="px-3 py-2 text-right">
                          <Price storeAmount={p.amount} storeCurrency={p.currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
