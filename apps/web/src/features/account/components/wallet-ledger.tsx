import type { WalletEntryKind } from "@sokoni/contracts";
import { Link } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useWallet } from "@/features/account/api/get-wallet";
import { formatDate, formatMoney } from "@/lib/format";

const KIND: Record<WalletEntryKind, string> = {
  credit: "Top-up",
  refund: "Refund",
  payment: "Payment",
  adjustment: "Correction",
};

/** "+KSh 500.00" / "−KSh 1,200.00": the sign is spelled out, not left to colour. */
function signed(amount: string, currency: string): string {
  const n = Number(amount);
  const abs = formatMoney(String(Math.abs(n)), currency);
  return n < 0 ? `−${abs}` : `+${abs}`;
}

/** The balance in KES and the ledger, newest first, page by page (?page=). */
export function WalletLedger({ userId, page }: { userId: string; page: number }) {
  const wallet = useWallet(userId, page);
  if (wallet.isPending) return <Spinner label="Loading your wallet" />;
  if (wallet.isError) return <ErrorState error={wallet.error} onRetry={() => wallet.refetch()} />;
  const w = wallet.data;
  const entries = w.entries;
  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="balance" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="balance" className="text-sm font-medium text-stone-700">
          Balance
        </h2>
        <p data-testid="wallet-balance">
          <Price storeAmount={w.balance} storeCurrency={w.currency} size="lg" />
        </p>
        <p className="mt-1 text-sm text-stone-700">Choose “Sokoni wallet” at checkout to pay with it.</p>
      </section>
      {entries.total === 0 ? (
        <EmptyState title="No wallet activity yet">
          <p>
            Your wallet is credited when an order is refunded — for example when a store cannot deliver an item you paid
            for — or when our support team tops it up. Spend it at checkout like cash.
          </p>
          <p className="mt-2">
            <Link to="/orders" className="font-medium text-brand-700 underline">
              See your orders
            </Link>
          </p>
        </EmptyState>
      ) : entries.items.length === 0 ? (
        <EmptyState title="Nothing on this page">
          <Link to="/account/wallet" className="font-medium text-brand-700 underline">
            See the latest activity
          </Link>
        </EmptyState>
      ) : (
        <section aria-labelledby="activity" className="flex flex-col gap-2">
          <h2 id="activity" className="text-lg font-semibold">
            Activity
          </h2>
          <ul
            aria-label="Wallet activity"
            className="flex flex-col divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white"
          >
            {entries.items.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 p-4">
                <span className="min-w-0">
                  <span className="block font-medium">{e.reason}</span>
                  <span className="block text-sm text-stone-600">
                    {KIND[e.kind]} · <time dateTime={e.created_at}>{formatDate(e.created_at)}</time>
                  </span>
                </span>
                <span
                  className={`font-semibold tabular-nums ${Number(e.amount) < 0 ? "text-stone-900" : "text-green-800"}`}
                >
                  {signed(e.amount, e.currency)}
                </span>
              </li>
            ))}
          </ul>
          <Pagination page={entries.page} pageSize={entries.page_size} total={entries.total} />
        </section>
      )}
    </div>
  );
}
