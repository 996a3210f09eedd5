import type { AddressResponse } from "@sokoni/contracts";
import { useEffect, useRef, useState } from "react";
import { FormError } from "@/components/ui/field";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCreateAddress } from "@/features/account/api/create-address";
import { useDeleteAddress } from "@/features/account/api/delete-address";
import { useAddresses } from "@/features/account/api/get-addresses";
import { useUpdateAddress } from "@/features/account/api/update-address";
import { AddressForm } from "@/features/account/components/address-form";

type Mode = { kind: "list" } | { kind: "add" } | { kind: "edit"; id: string };

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

function label(a: AddressResponse): string {
  return `${a.name}, ${a.line1}`;
}

function ConfirmDelete({
  address,
  pending,
  onConfirm,
  onKeep,
}: {
  address: AddressResponse;
  pending: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const keep = useRef<HTMLButtonElement>(null);
  // The safe answer has the focus, so a stray Enter keeps the address.
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span>Delete the address “{label(address)}”? This cannot be undone.</span>
      <button
        type="button"
        disabled={pending}
        onClick={onConfirm}
        className="rounded-md bg-red-700 px-3 py-1.5 font-semibold text-white disabled:opacity-60"
      >
        Yes, delete
      </button>
      <button
        ref={keep}
        type="button"
        onClick={onKeep}
        className="rounded-md border border-stone-400 bg-white px-3 py-1.5"
      >
        Keep it
      </button>
    </div>
  );
}

function AddressCard({
  address,
  onEdit,
  onChanged,
}: {
  address: AddressResponse;
  onEdit: () => void;
  onChanged: (message: string) => void;
}) {
  const update = useUpdateAddress();
  const remove = useDeleteAddress();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const a = address;
  const fail = (err: unknown) => setError(err instanceof Error ? err.message : "That did not work. Try again.");
  const button = "rounded-md border border-stone-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100";
  return (
    <li
      aria-label={label(a)}
      className={`flex flex-col gap-3 rounded-lg border bg-white p-4 ${a.is_default ? "border-brand-700" : "border-stone-200"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <address className="not-italic">
          <span className="block font-semibold">{a.name}</span>
          <span className="block">
            {a.line1}
            {a.line2 ? `, ${a.line2}` : ""}
          </span>
          <span className="block">
            {[a.city, a.region, a.postal_code].filter(Boolean).join(", ")}
            {" · "}
            {countryNames.of(a.country) ?? a.country}
          </span>
          <span className="block text-sm text-stone-700">{a.phone_number}</span>
        </address>
        {a.is_default && (
          <span className="rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white">Default</span>
        )}
      </div>
      <FormError message={error} />
      {confirming ? (
        <ConfirmDelete
          address={a}
          pending={remove.isPending}
          onKeep={() => setConfirming(false)}
          onConfirm={() =>
            remove
              .mutateAsync(a.id)
              .then(() => onChanged(`The address “${label(a)}” is deleted.`))
              .catch(fail)
          }
        />
      ) : (
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={onEdit} className={button}>
            Edit<span className="sr-only"> {label(a)}</span>
          </button>
          {!a.is_default && (
            <button
              type="button"
              disabled={update.isPending}
              onClick={() =>
                update
                  .mutateAsync({ id: a.id, body: { is_default: true } })
                  .then(() => onChanged(`“${label(a)}” is now your default address.`))
                  .catch(fail)
              }
              className={button}
            >
              Make default<span className="sr-only"> {label(a)}</span>
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              setError(undefined);
              setConfirming(true);
            }}
            className="rounded-md border border-red-700 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50"
          >
            Delete…<span className="sr-only"> {label(a)}</span>
          </button>
        </div>
      )}
    </li>
  );
}

/** The address book: default first and marked; add, edit, make default, delete after a confirmation. */
export function AddressBook({ userId }: { userId: string }) {
  const addresses = useAddresses(userId);
  const create = useCreateAddress();
  const update = useUpdateAddress();
  const [mode, setMode] = useState<Mode>({ kind: "list" });
  const [status, setStatus] = useState("");
  const addButton = useRef<HTMLButtonElement>(null);
  // Back to the list, the focus returns to "Add an address" (the control that was used is gone):
  // after the list has rendered again, hence an effect on a counter.
  const [returned, setReturned] = useState(0);
  useEffect(() => {
    if (returned > 0) addButton.current?.focus();
  }, [returned]);

  function done(message: string) {
    setStatus(message);
    setMode({ kind: "list" });
    setReturned((n) => n + 1);
  }

  if (addresses.isPending) return <Spinner label="Loading your addresses" />;
  if (addresses.isError) return <ErrorState error={addresses.error} onRetry={() => addresses.refetch()} />;
  const list = addresses.data;
  return (
    <div className="flex flex-col gap-4">
      <p role="status" className="min-h-5 text-sm font-medium text-green-800">
        {status}
      </p>
      {mode.kind === "add" ? (
        <AddressForm
          title="New address"
          submitLabel="Save address"
          pending={create.isPending}
          onCancel={() => done("")}
          onSubmit={async (body) => {
            await create.mutateAsync(body);
            done("Address added.");
          }}
        />
      ) : (
        <button
          ref={addButton}
          type="button"
          onClick={() => {
            setStatus("");
            setMode({ kind: "add" });
          }}
          className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
        >
          Add an address
        </button>
      )}
      {list.length === 0 ? (
        mode.kind !== "add" && (
          <EmptyState title="No saved addresses yet">
            Add the places you have things delivered to — home, office, a relative's — and pick one at checkout instead
            of typing it again.
          </EmptyState>
        )
      ) : (
        <ul aria-label="Saved addresses" className="grid gap-3 md:grid-cols-2">
          {list.map((a) =>
            mode.kind === "edit" && mode.id === a.id ? (
              <li key={a.id} className="md:col-span-2">
                <AddressForm
                  address={a}
                  title={`Edit ${label(a)}`}
                  submitLabel="Save changes"
                  pending={update.isPending}
                  onCancel={() => done("")}
                  onSubmit={async (body) => {
                    await update.mutateAsync({ id: a.id, body });
                    done("Address saved.");
                  }}
                />
              </li>
            ) : (
              <AddressCard
                key={a.id}
                address={a}
                onEdit={() => {
                  setStatus("");
                  setMode({ kind: "edit", id: a.id });
                }}
                onChanged={done}
              />
            ),
          )}
        </ul>
      )}
    </div>
  );
}
