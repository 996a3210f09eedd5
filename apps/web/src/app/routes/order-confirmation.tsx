import { Link, useParams } from "react-router";
import { RequireOrderAccess } from "@/app/require-order-access";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useOrder } from "@/features/orders/api/get-order";
import { OrderSummary } from "@/features/orders/components/order-summary";
import { PaymentStatus } from "@/features/orders/components/payment-status";
import { useTitle } from "@/lib/use-title";

/** After checkout (or back from a payment page): follows the order until its payment settles. */
function Confirmation({ id, guest }: { id: string; guest: boolean }) {
  const order = useOrder(id, { pollUntilSettled: true });
  useTitle(order.data?.status === "paid" ? "Order confirmed" : "Waiting for payment");
  if (order.isPending) return <Spinner label="Loading your order" />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => order.refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      <PaymentStatus order={order.data} />
      <OrderSummary order={order.data} />
      {guest ? (
        <p className="rounded-lg border border-stone-200 bg-white p-4 text-sm">
          This page stays open to you in this browser, and the email we sent has a link to it.{" "}
          <Link to="/register" className="font-medium text-brand-700 underline">
            Create an account
          </Link>{" "}
          to keep all your orders in one place.
        </p>
      ) : (
        <Link to="/orders" className="font-medium text-brand-700 underline">
          See all your orders
        </Link>
      )}
    </div>
  );
}

export function Component() {
  const { id = "" } = useParams();
  return (
    <div className="mx-auto max-w-3xl">
      <RequireOrderAccess orderId={id}>{({ guest }) => <Confirmation id={id} guest={guest} />}</RequireOrderAccess>
    </div>
  );
}
