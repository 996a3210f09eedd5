import { ITEM_TRANSITIONS, type ItemStatus, ORDER_TRANSITIONS, type OrderStatus } from "@sokoni/contracts";
import { type FormEvent, useId, useState } from "react";
import { Link, useParams } from "react-router";
import { FormError } from "@/components/ui/field";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useSetItemStatus } from "@/features/admin/api/set-item-status";
import { useSetOrderStatus } from "@/features/admin/api/set-order-status";
import { type OrderDetail, useOrder } from "@/features/orders/api/get-order";
import { OrderStatusBadge } from "@/features/orders/components/order-status";
import { OrderSummary } from "@/features/orders/components/order-summary";
import { formatDate, humanize } from "@/lib/format";
import { useTitle } from "@/lib/use-title";

/** Only the moves the state machine allows from the current status; a refusal (409) is shown as the API words it. */
function StatusChange({ order }: { order: OrderDetail }) {
  const moves = ORDER_TRANSITIONS[order.status as OrderStatus] ?? [];
  const mutation = useSetOrderStatus(order.id);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const statusId = useId();
  const reasonId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const status = String(data.get("status")) as OrderStatus;
    const reason = String(data.get("reason") ?? "").trim();
    setError(undefined);
    setDone(undefined);
    try {
      await mutation.mutateAsync({ status, ...(reason ? { reason } : {}) });
      setDone(`Moved to ${humanize(status).toLowerCase()}.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "The change failed.");
    }
  }

  return (
    <section aria-labelledby="change-status" className="rounded-lg border border-stone-200 bg-white p-4">
      <h2 id="change-status" className="font-semibold">
        Change status
      </h2>
      <p role="status" className="text-sm text-green-800">
        {done}
      </p>
      {moves.length === 0 ? (
        <p className="text-sm text-stone-700">A {humanize(order.status).toLowerCase()} order does not move any more.</p>
      ) : (
        <form onSubmit={onSubmit} aria-label="Change status" className="mt-2 flex flex-col gap-3">
          <FormError message={error} />
          <div className="flex flex-col gap-1">
            <label htmlFor={statusId} className="text-sm font-medium">
              New status
            </label>
            <select
              id={statusId}
              name="status"
              key={order.status}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            >
              {moves.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={reasonId} className="text-sm font-medium">
              Reason (optional)
            </label>
            <input
              id={reasonId}
              name="reason"
              maxLength={500}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            />
          </div>
          <button
            type="submit"
            disabled={mutation.isPending}
            className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
          >
            {mutation.isPending ? "Changing…" : "Change status"}
          </button>
        </form>
      )}
    </section>
  );
}

type OrderItem = OrderDetail["items"][number];

/** One item's own move: exactly ITEM_TRANSITIONS' moves from its status; a 409 is shown as the API words it. */
function ItemStatusChange({
  order,
  item,
  onMoved,
}: {
  order: OrderDetail;
  item: OrderItem;
  onMoved: (message: string) => void;
}) {
  const moves = ITEM_TRANSITIONS[item.status as ItemStatus] ?? [];
  const mutation = useSetItemStatus(order.id);
  const [error, setError] = useState<string>();
  const selectId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const status = String(new FormData(event.currentTarget).get("status")) as ItemStatus;
    setError(undefined);
    try {
      const updated = await mutation.mutateAsync({ itemId: item.id, body: { status } });
      onMoved(
        `${item.title}: ${humanize(status).toLowerCase()}. The order is ${humanize(updated.status).toLowerCase()}.`,
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : "The change failed.");
    }
  }

  return (
    <li className="flex flex-col gap-2 py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="min-w-0">
          {item.quantity} × {item.title}
          <span className="block text-xs text-stone-600">{item.marketplace.name}</span>
        </span>
        <span className="rounded-full bg-stone-100 px-2 py-0.5 text-sm" data-testid="item-status">
          {humanize(item.status)}
        </span>
      </div>
      {moves.length === 0 ? (
        <p className="text-sm text-stone-700">A {humanize(item.status).toLowerCase()} item does not move any more.</p>
      ) : (
        <form
          onSubmit={onSubmit}
          aria-label={`Move ${item.title}`}
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={selectId} className="text-sm font-medium">
              Item status
            </label>
            <select
              id={selectId}
              name="status"
              key={item.status}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            >
              {moves.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            disabled={mutation.isPending}
            className="self-start rounded-md border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-800 disabled:opacity-60 sm:self-auto"
          >
            {mutation.isPending ? "Moving…" : "Move item"}
          </button>
        </form>
      )}
      <FormError message={error} />
    </li>
  );
}

/** Every item with its own status change; the order follows its items (its status and history refresh). */
function ItemStatuses({ order }: { order: OrderDetail }) {
  const [done, setDone] = useState<string>();
  return (
    <section aria-labelledby="item-statuses" className="rounded-lg border border-stone-200 bg-white p-4">
      <h2 id="item-statuses" className="font-semibold">
        Items
      </h2>
      <p role="status" className="text-sm text-green-800">
        {done}
      </p>
      <ul className="divide-y divide-stone-200">
        {order.items.map((item) => (
          <ItemStatusChange key={item.id} order={order} item={item} onMoved={setDone} />
        ))}
      </ul>
    </section>
  );
}

/** One order as GET /api/orders/:id gives it to staff: items per marketplace, payments, history. */
export function AdminOrderDetail() {
  const { id = "" } = useParams();
  const order = useOrder(id);
  useTitle(order.data ? `Admin · Order ${order.data.number}` : "Admin · Order");
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/orders" className="text-sm font-medium text-brand-700 underline">
        ← All orders
      </Link>
      {order.isPending ? (
        <Spinner label="Loading the order" />
      ) : order.isError ? (
        <ErrorState error={order.error} onRetry={() => order.refetch()} />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-bold">Order {order.data.number}</h1>
            <OrderStatusBadge status={order.data.status} />
          </div>
          <p className="text-sm text-stone-700">Placed {formatDate(order.data.created_at)}</p>
          <StatusChange order={order.data} />
          <ItemStatuses order={order.data} />
          <OrderSummary order={order.data} fullHistoryOpen />
        </>
      )}
    </div>
  );
}
