import { type UserResponse, WalletCreditBody, type WalletEntryResponse } from "@sokoni/contracts";
import { type FormEvent, useId, useState } from "react";
import { useSearchParams } from "react-router";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCreditWallet } from "@/features/admin/api/credit-wallet";
import { useUser } from "@/features/admin/api/get-user";
import { useUserWallet } from "@/features/admin/api/get-user-wallet";
import { useUsers } from "@/features/admin/api/get-users";
import { formatDate, formatMoney, humanize } from "@/lib/format";
import { useFormErrors } from "@/lib/use-form-errors";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 10;

function displayName(u: UserResponse): string {
  const name = `${u.first_name} ${u.last_name}`.trim();
  return name || u.username;
}

/** Find a user by email, username or phone; the search and page live in the URL. */
function UserSearch({ onPick }: { onPick: (id: string) => void }) {
  const [params, setParams] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const users = useUsers({ q: q || undefined, page, page_size: PAGE_SIZE });
  const searchId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    setParams(value ? { q: value } : {});
  }

  return (
    <section aria-labelledby="find-user" className="flex flex-col gap-3">
      <h2 id="find-user" className="font-semibold">
        Find a customer
      </h2>
      <search>
        <form aria-label="Find a customer" onSubmit={submit} className="flex flex-wrap items-end gap-2">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <label htmlFor={searchId} className="text-sm font-medium">
              Email, username or phone
            </label>
            <input
              id={searchId}
              name="q"
              type="search"
              defaultValue={q}
              key={q}
              className="rounded-md border border-stone-400 bg-white px-3 py-2"
            />
          </div>
          <button
            type="submit"
            className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
          >
            Search
          </button>
        </form>
      </search>
      {!q ? (
        <p className="text-sm text-stone-700">Search for the customer whose wallet you want to top up.</p>
      ) : users.isPending ? (
        <Spinner label="Searching" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title={`No one matches “${q}”`} />
      ) : (
        <>
          <ul aria-label="Customers found" className="flex flex-col gap-2">
            {users.data.items.map((u) => (
              <li
                key={u.id}
                className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-stone-200 bg-white p-3"
              >
                <span className="min-w-0">
                  <span className="block font-semibold">{displayName(u)}</span>
                  <span className="block break-all text-sm text-stone-700">
                    {u.email}
                    {u.phone_number ? ` · ${u.phone_number}` : ""} · {humanize(u.role)}
                  </span>
                </span>
                <button
                  type="button"
                  onClick={() => onPick(u.id)}
                  className="rounded-md border border-stone-400 bg-white px-3 py-2 font-medium hover:bg-stone-100"
                >
                  Choose <span className="sr-only">{u.email}</span>
                </button>
              </li>
            ))}
          </ul>
          <Pagination page={users.data.page} pageSize={users.data.page_size} total={users.data.total} />
        </>
      )}
    </section>
  );
}

/** The contracts' WalletCreditBody on the client; the API's field errors (e.g. a zero amount) beside the same fields. */
function CreditForm({ userId, onCredited }: { userId: string; onCredited: (entry: WalletEntryResponse) => void }) {
  const credit = useCreditWallet(userId);
  const { errors, formError, send } = useFormErrors();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = WalletCreditBody.safeParse({
      amount: String(data.get("amount") ?? "").trim(),
      reason: String(data.get("reason") ?? ""),
    });
    await send(
      parsed,
      async (body) => {
        const entry = await credit.mutateAsync(body);
        form.reset();
        onCredited(entry);
      },
      {
        failed: "The credit failed. Try again.",
        fieldErrors: (issues) => {
          const fields = issuesToFieldErrors(issues);
          if (fields.amount) fields.amount = "Enter an amount like 500.00";
          return fields;
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Credit wallet" className="flex flex-col gap-3">
      <FormError message={formError} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Amount (KES)"
          name="amount"
          inputMode="decimal"
          required
          error={errors.amount}
          hint="In shillings, e.g. 500.00"
        />
        <Field
          label="Reason"
          name="reason"
          required
          maxLength={200}
          error={errors.reason}
          hint="The customer sees it"
        />
      </div>
      <button
        type="submit"
        disabled={credit.isPending}
        className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {credit.isPending ? "Crediting…" : "Credit wallet"}
      </button>
    </form>
  );
}

/** One user's wallet: who, balance, latest entries, and the credit form. */
function UserWallet({ userId, onClose }: { userId: string; onClose: () => void }) {
  const user = useUser(userId);
  const wallet = useUserWallet(userId, PAGE_SIZE);
  const [credited, setCredited] = useState<WalletEntryResponse>();

  return (
    <section
      aria-labelledby="user-wallet"
      className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="user-wallet" className="font-semibold">
          {user.data ? `Wallet of ${displayName(user.data)}` : "Wallet"}
          {user.data && <span className="block text-sm font-normal text-stone-700 break-all">{user.data.email}</span>}
        </h2>
        <button type="button" onClick={onClose} className="text-sm font-medium text-brand-700 underline">
          Choose someone else
        </button>
      </div>
      {user.isError ? (
        <ErrorState error={user.error} onRetry={() => user.refetch()} />
      ) : wallet.isPending ? (
        <Spinner label="Loading the wallet" />
      ) : wallet.isError ? (
        <ErrorState error={wallet.error} onRetry={() => wallet.refetch()} />
      ) : (
        <>
          <p className="flex flex-wrap items-baseline gap-2">
            <span className="text-sm text-stone-700">Balance</span>
            <span data-testid="wallet-balance">
              <Price storeAmount={wallet.data.balance} storeCurrency={wallet.data.currency} size="lg" />
            </span>
          </p>
          <p role="status" className="text-sm text-green-800">
            {credited ? `Credited ${formatMoney(credited.amount, credited.currency)}: ${credited.reason}.` : ""}
          </p>
          <CreditForm userId={userId} onCredited={setCredited} />
          <h3 className="font-semibold">Latest entries</h3>
          {wallet.data.entries.items.length === 0 ? (
            <EmptyState title="No entries yet" />
          ) : (
            <ul aria-label="Wallet entries" className="flex flex-col divide-y divide-stone-200">
              {wallet.data.entries.items.map((e) => (
                <li
                  key={e.id}
                  className={`flex flex-wrap items-center justify-between gap-2 py-2 ${e.id === credited?.id ? "bg-green-50" : ""}`}
                >
                  <span className="min-w-0">
                    <span className="block">{e.reason}</span>
                    <span className="block text-sm text-stone-700">
                      {humanize(e.kind)} · {formatDate(e.created_at)}
                    </span>
                  </span>
                  <span className={`font-semibold ${e.amount.startsWith("-") ? "text-stone-900" : "text-green-800"}`}>
                    {formatMoney(e.amount, e.currency)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {wallet.data.entries.total > wallet.data.entries.items.length && (
            <p className="text-sm text-stone-700">
              Showing the latest {wallet.data.entries.items.length} of {wallet.data.entries.total} entries.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Wallet top-ups: find a customer (GET /api/admin/users), see their wallet, credit it. The chosen user is in the URL. */
export function AdminWalletTopUp() {
  useTitle("Admin · Wallet top-ups");
  const [params, setParams] = useSearchParams();
  const userId = params.get("user");

  function pick(id: string | null) {
    const next = new URLSearchParams(params);
    if (id) next.set("user", id);
    else next.delete("user");
    setParams(next);
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Wallet top-ups</h1>
      {userId ? <UserWallet key={userId} userId={userId} onClose={() => pick(null)} /> : <UserSearch onPick={pick} />}
    </div>
  );
}
