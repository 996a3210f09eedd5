import type { AdminMarketplaceResponse, MarketplaceKind } from "@sokoni/contracts";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { FormError } from "@/components/ui/field";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useAdminMarketplaces } from "@/features/admin/api/marketplace-list";
import { useUpdateMarketplace } from "@/features/admin/api/marketplace-update";
import { useTitle } from "@/lib/use-title";

/** Kinds as the stores spell themselves. */
export const KIND_LABEL: Record<MarketplaceKind, string> = {
  house: "House store",
  jumia: "Jumia",
  amazon: "Amazon",
  ebay: "eBay",
  aliexpress: "AliExpress",
  walmart: "Walmart",
  generic: "Generic JSON",
};

export const SHIPS_TO_LABEL = {
  domestic: "Delivers in Kenya",
  warehouse: "Through Sokoni's warehouse",
} as const;

/** Activate or deactivate in place; the house store always stays active, so it has no button. */
function ActiveToggle({ m, onDone }: { m: AdminMarketplaceResponse; onDone: (message: string) => void }) {
  const update = useUpdateMarketplace();
  const [error, setError] = useState<string>();
  if (m.kind === "house") return null;
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        disabled={update.isPending}
        onClick={() =>
          update
            .mutateAsync({ code: m.code, body: { active: !m.active } })
            .then((saved) => {
              setError(undefined);
              onDone(`${saved.name} is now ${saved.active ? "active" : "inactive"}.`);
            })
            .catch((err: unknown) => setError(err instanceof Error ? err.message : "Saving failed. Try again."))
        }
        className="rounded-md border border-stone-400 bg-white px-3 py-2 text-sm font-medium hover:bg-stone-100 disabled:opacity-60"
      >
        {m.active ? "Deactivate" : "Activate"}
        <span className="sr-only"> {m.name}</span>
      </button>
      <FormError message={error} />
    </div>
  );
}

/** The marketplace registry over GET /api/admin/marketplaces: every store, inactive ones too. */
export function AdminMarketplaceList() {
  useTitle("Admin · Marketplaces");
  const marketplaces = useAdminMarketplaces();
  // A deletion's outcome arrives with the navigation from the marketplace's page.
  const location = useLocation();
  const [message, setMessage] = useState(() => (location.state as { message?: string } | null)?.message ?? "");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Marketplaces</h1>
        <Link
          to="/admin/marketplaces/new"
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
        >
          New marketplace
        </Link>
      </div>
      <p role="status" className="min-h-5 text-sm text-green-800">
        {message}
      </p>
      {marketplaces.isPending ? (
        <Spinner label="Loading marketplaces" />
      ) : marketplaces.isError ? (
        <ErrorState error={marketplaces.error} onRetry={() => marketplaces.refetch()} />
      ) : marketplaces.data.items.length === 0 ? (
        <EmptyState title="No marketplaces yet">Add the stores Sokoni searches and sells from.</EmptyState>
      ) : (
        <ul aria-label="Marketplaces" className="flex flex-col gap-2">
          {marketplaces.data.items.map((m) => (
            <li
              key={m.code}
              className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-3 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0">
                <Link to={`/admin/marketplaces/${m.code}`} className="font-semibold text-brand-700 underline">
                  {m.name}
                </Link>
                <span className="ml-2 text-sm text-stone-700">{m.code}</span>
                <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-700">
                  <div className="flex gap-1">
                    <dt>Kind:</dt>
                    <dd>{KIND_LABEL[m.kind]}</dd>
                  </div>
                  <div className="flex gap-1">
                    <dt>Status:</dt>
                    <dd className={m.active ? "font-medium text-green-800" : "font-medium text-stone-900"}>
                      {m.active ? "Active" : "Inactive"}
                    </dd>
                  </div>
                  <div className="flex gap-1">
                    <dt>Ships:</dt>
                    <dd>{SHIPS_TO_LABEL[m.ships_to]}</dd>
                  </div>
                  <div className="flex gap-1">
                    <dt>Credentials:</dt>
                    <dd>{m.has_credentials ? `Saved (${m.credential_names.join(", ")})` : "None"}</dd>
                  </div>
                </dl>
              </div>
              <ActiveToggle m={m} onDone={setMessage} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
