import { ORDER_STATUSES, OrderStatus } from "@sokoni/contracts";
import { Link } from "react-router";
import { SelectField } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useAdminOrders } from "@/features/admin/api/get-admin-orders";
import { useUrlFilters } from "@/features/admin/hooks/use-url-filters";
import { OrderStatusBadge } from "@/features/orders/components/order-status";
import { formatDate, formatMoney, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

/** Every customer's orders over GET /api/admin/orders, filtered by status; filter and page live in the URL. */
export function AdminOrderList() {
  useTitle("Admin · Orders");
  const { page, filter, setFilter } = useUrlFilters();
  const status = filter("status", OrderStatus);
  const orders = useAdminOrders({ status, page, page_size: PAGE_SIZE });

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Orders</h1>
      <div className="sm:max-w-xs">
        <SelectField
          label="Status"
          name="status"
          value={status ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">All statuses</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </SelectField>
      </div>
      {orders.isPending ? (
        <Spinner label="Loading orders" />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <EmptyState title={status ? `No ${humanize(status).toLowerCase()} orders` : "No orders yet"} />
      ) : (
        <>
          <ul aria-label="Orders" className="flex flex-col gap-2">
            {orders.data.items.map((o) => (
              <li key={o.id}>
                <Link
                  to={`/admin/orders/${o.id}`}
                  className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 bg-white p-3 hover:border-brand-700"
                >
                  <span>
                    <span className="block font-semibold">Order {o.number}</span>
                    <span className="block text-sm text-stone-700">
                      {formatDate(o.created_at)} · {o.items.length} {o.items.length === 1 ? "item" : "items"}
                    </span>
                  </span>
                  <span className="flex items-center gap-3">
                    <OrderStatusBadge status={o.status} />
                    <span className="font-semibold">{formatMoney(o.total, o.currency)}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <Pagination page={orders.data.page} pageSize={orders.data.page_size} total={orders.data.total} />
        </>
      )}
    </div>
  );
}
