import { Link, useSearchParams } from "react-router";
import { RequireAuth } from "@/app/require-auth";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useOrders } from "@/features/orders/api/get-orders";
import { OrderStatusBadge } from "@/features/orders/components/order-status";
import { formatDate, formatMoney } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

function OrderList({ userId }: { userId: string }) {
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const orders = useOrders(userId, page);
  if (orders.isPending) return <Spinner label="Loading your orders" />;
  if (orders.isError) return <ErrorState error={orders.error} onRetry={() => orders.refetch()} />;
  if (orders.data.items.length === 0) {
    return (
      <EmptyState title="No orders yet">
        <Link to="/search" className="font-medium text-brand-700 underline">
          Start shopping
        </Link>
      </EmptyState>
    );
  }
  return (
    <>
      <ul aria-label="Orders" className="flex flex-col gap-3">
        {orders.data.items.map((o) => (
          <li key={o.id}>
            <Link
              to={`/orders/${o.id}`}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 bg-white p-4 hover:border-brand-700"
            >
              <span>
                <span className="block font-semibold">Order {o.number}</span>
                <span className="block text-sm text-stone-600">
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
  );
}

export function Component() {
  useTitle("Your orders");
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Your orders</h1>
      <RequireAuth>{(user) => <OrderList userId={user.id} />}</RequireAuth>
    </div>
  );
}
