import { PayOrderBody } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Field, issuesToFieldErrors } from "@/components/ui/field";
import type { OrderDetail } from "@/features/orders/api/get-order";
import { usePayOrder } from "@/features/orders/api/pay-order";
import { ApiError } from "@/lib/api-client";
import { formatMoney } from "@/lib/format";

const RETRYABLE = new Set(["mpesa", "mock", "wallet", "stripe"]);

/**
 * Where an order's payment stands, in words, following it live (the order query polls while it
 * waits): M-Pesa's "check your phone", a hosted page still open, a failure explained with a way to
 * try again, or the thank-you once paid.
 */
export function PaymentStatus({ order, cancelledOnPage = false }: { order: OrderDetail; cancelledOnPage?: boolean }) {
  // Oldest first: the last attempt is the one that counts.
  const latest = order.payments.at(-1);
  const waiting = order.status === "pending_payment" && latest?.status === "pending";
  const failed = order.status === "pending_payment" && !waiting;

  if (order.status === "paid") {
    return (
      <div aria-live="polite" className="rounded-xl border border-green-200 bg-green-50 p-6">
        <h1 className="text-2xl font-bold text-green-800">Thank you — your order is paid</h1>
        <p className="mt-1">
          Order {order.number}. A confirmation is on its way to {order.email}.
          {latest?.receipt && ` Receipt ${latest.receipt}.`}
        </p>
      </div>
    );
  }
  if (order.status !== "pending_payment") {
    return (
      <div aria-live="polite" className="rounded-xl border border-stone-200 bg-white p-6">
        <h1 className="text-2xl font-bold">
          Order {order.number}: {order.status.replace(/_/g, " ")}
        </h1>
        {order.cancel_reason && <p className="mt-1">{order.cancel_reason}</p>}
      </div>
    );
  }
  return (
    <div aria-live="polite" className="rounded-xl border border-stone-200 bg-white p-6">
      {waiting && latest?.provider === "mpesa" && (
        <>
          <h1 className="text-2xl font-bold">Check your phone</h1>
          <p className="mt-1">
            Enter your M-Pesa PIN on {latest.phone_number ?? "your phone"} to pay{" "}
            {formatMoney(latest.amount, latest.currency)} for order {order.number}. This page updates by itself.
          </p>
          <p className="mt-3 flex items-center gap-2 text-sm text-stone-700" role="status">
            <span
              className="size-4 animate-spin rounded-full border-2 border-stone-300 border-t-brand-700"
              aria-hidden="true"
            />
            Waiting for M-Pesa…
          </p>
        </>
      )}
      {waiting && latest?.provider !== "mpesa" && (
        <>
          <h1 className="text-2xl font-bold">Waiting for your payment…</h1>
          <p className="mt-1 text-stone-700">
            Order {order.number}. This page updates by itself when the payment arrives.
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
            {cancelledOnPage
              ? "You left the payment page before paying."
              : (latest?.failure_reason ?? "It was declined").replace(/\.?$/, ".")}{" "}
            Your order {order.number} is kept until it expires: you can try again.
          </p>
          <PayAgain order={order} />
        </>
      )}
    </div>
  );
}

function PayAgain({ order }: { order: OrderDetail }) {
  const payAgain = usePayOrder();
  const latest = order.payments.at(-1);
  const method = RETRYABLE.has(order.payment_method) ? order.payment_method : "mock";
  const [error, setError] = useState<string>();
  const [phoneError, setPhoneError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const phone = String(new FormData(event.currentTarget).get("phone_number") ?? "").trim();
    const parsed = PayOrderBody.safeParse({
      payment_method: method,
      ...(method === "mpesa" ? { phone_number: phone } : {}),
    });
    setError(undefined);
    setPhoneError(undefined);
    if (!parsed.success) {
      setPhoneError(issuesToFieldErrors(parsed.error.issues).phone_number);
      return;
    }
    try {
      const { payment } = await payAgain.mutateAsync({ orderId: order.id, body: parsed.data });
      if (payment.redirect_url) window.location.assign(payment.redirect_url);
    } catch (err) {
      if (err instanceof ApiError) {
        setPhoneError(err.fieldErrors().phone_number);
        setError(err.message);
      } else setError("Could not start the payment. Try again.");
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 flex flex-col gap-3 sm:max-w-sm">
      {method === "mpesa" && (
        <Field
          label="M-Pesa phone number"
          name="phone_number"
          type="tel"
          autoComplete="tel"
          defaultValue={latest?.phone_number ?? order.phone_number ?? ""}
          error={phoneError}
          hint="We send the prompt to this number"
        />
      )}
      <button
        type="submit"
        disabled={payAgain.isPending}
        className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
      >
        {payAgain.isPending ? "Starting…" : method === "mpesa" ? "Send the M-Pesa prompt again" : "Pay again"}
      </button>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
