import { Link, useParams } from "react-router";
import { RequireAuth } from "@/app/require-auth";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useOrder } from "@/features/orders/api/get-order";
import { usePayOrder } from "@/features/orders/api/pay-order";
import { OrderSummary } from "@/features/orders/components/order-summary";
import { useTitle } from "@/lib/use-title";

/** After the payment page: follows the order (polling) until its payment settles. */
function Confirmation({ id }: { id: string }) {
  const order = useOrder(id, { pollUntilSettled: true });
  const payAgain = usePayOrder();
  useTitle(order.data?.status === "paid" ? "Order confirmed" : "Waiting for payment");
  if (order.isPending) return <Spinner label="Loading your order" />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => order.refetch()} />;
  const o = order.data;
  // Oldest first: the last attempt is the one that counts.
  const latest = o.payments.at(-1);
  const retryMethod = o.payment_method === "wallet" ? "wallet" : "mock";
  const failed =
    o.status === "pending_payment" &&
    latest !== undefined &&
    latest.status !== "pending" &&
    latest.status !== "succeeded";

  return (
    <div className="flex flex-col gap-4">
      <div aria-live="polite" className="rounded-xl border border-stone-200 bg-white p-6">
        {o.status === "pending_payment" && !failed && (
          <>
            <h1 className="text-2xl font-bold">Waiting for your payment…</h1>
            <p className="mt-1 text-stone-700">
              Order {o.number}. This page updates by itself when the payment arrives.
            </p>
            {latest?.redirect_url && (
              <a
                href={latest.redirect_url}
                className="mt-3 inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white"
              >
                Open the payment page
              </a>
            )}
          </>
        )}
        {failed && (
          <>
            <h1 className="text-2xl font-bold text-red-800">The payment did not go through</h1>
            <p className="mt-1">
              {(latest?.failure_reason ?? "It was declined").replace(/\.?$/, ".")} Your order {o.number} is kept until
              it expires: you can try again.
            </p>
            <button
              type="button"
              disabled={payAgain.isPending}
              onClick={() =>
                payAgain.mutate(
                  { orderId: o.id, paymentMethod: retryMethod },
                  { onSuccess: ({ payment }) => payment.redirect_url && window.location.assign(payment.redirect_url) },
                )
              }
              className="mt-3 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
            >
              Pay again
            </button>
            {payAgain.error && (
              <p role="alert" className="mt-2 text-red-700">
                {payAgain.error.message}
              </p>
            )}
          </>
        )}
        {o.status === "paid" && (
          <>
            <h1 className="text-2xl font-bold text-green-800">Thank you — your order is paid</h1>
            <p className="mt-1">
              Order {o.number}. A confirmation is on its way to {o.email}.
            </p>
          </>
        )}
        {o.status !== "pending_payment" && o.status !== "paid" && (
          <h1 className="text-2xl font-bold">
            Order {o.number}: {o.status.replace(/_/g, " ")}
          </h1>
        )}
      </div>
      <OrderSummary order={o} />
      <Link to="/orders" className="font-medium text-brand-700 underline">
        See all your orders
      </Link>
    </div>
  );
}

export function Component() {
  const { id = "" } = useParams();
  return (
    <div className="mx-auto max-w-3xl">
      <RequireAuth>{() => <Confirmation id={id} />}</RequireAuth>
    </div>
  );
}
