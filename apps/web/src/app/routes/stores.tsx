import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useMarketplaces } from "@/features/catalog/api/get-marketplaces";
import { StoreCard } from "@/features/catalog/components/store-card";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Stores");
  const stores = useMarketplaces();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Stores</h1>
      <p className="max-w-2xl text-stone-700">
        Every store Sokoni searches for you. Prices are shown in Kenyan shillings beside the store's own currency, and
        whatever you buy from several stores goes into one cart and one payment.
      </p>
      {stores.isPending ? (
        <Spinner label="Loading stores" />
      ) : stores.isError ? (
        <ErrorState error={stores.error} onRetry={() => stores.refetch()} />
      ) : stores.data.length === 0 ? (
        <EmptyState title="No stores yet">Stores appear here once an admin connects them.</EmptyState>
      ) : (
        <ul aria-label="Stores" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {stores.data.map((s) => (
            <StoreCard key={s.code} store={s} />
          ))}
        </ul>
      )}
    </div>
  );
}
