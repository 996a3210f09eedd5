import { Link, useParams, useSearchParams } from "react-router";
import { RequireOrderAccess } from "@/app/require-order-access";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useOrder } from "@/features/orders/api/get-order";
import { OrderStatusBadge } from "@/features/orders/components/order-status";
import { OrderSummary } from "@/features/orders/components/order-summary";
import { PaymentStatus } from "@/features/orders/components/payment-status";
import { formatDate } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

function OrderDetailView({ id }: { id: string }) {
  // Card payments (Stripe) come back here: ?payment_id=… after paying, &cancelled=1 when abandoned.
  const [params] = useSearchParams();
  const order = useOrder(id, { pollUntilSettled: true });
  useTitle(order.data ? `Order ${order.data.number}` : "Order");
  if (order.isPending) return <Spinner label="Loading the order" />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => order.refetch()} />;
  const o = order.data;
  const showPayment = o.status === "pending_payment" || params.has("payment_id");
  return (
    <div className="flex flex-col gap-4">
      {showPayment && <PaymentStatus order={o} cancelledOnPage={params.get("cancelled") === "1"} />}
      <div className="flex flex-wrap items-center gap-3">
        {showPayment ? (
          <h2 className="text-xl font-bold">Order {o.number}</h2>
        ) : (
          <h1 className="text-2xl font-bold">Order {o.number}</h1>
        )}
        <OrderStatusBadge status={o.status} />
      </div>
      <p className="text-sm text-stone-700">Placed {formatDate(o.created_at)}</p>
      <OrderSummary order={o} />
    </div>
  );
}

export function Component() {
  const { id = "" } = useParams();
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <RequireOrderAccess orderId={id}>
        {({ guest }) => (
          <>
            {!guest && (
              <Link to="/orders" className="text-sm font-medium text-brand-700 underline">
                ← All orders
              </Link>
            )}
            <OrderDetailView id={id} />
          </>
        )}
      </RequireOrderAccess>
    </div>
  );
}
