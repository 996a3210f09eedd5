import { Link, useParams, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useMarketplace } from "@/features/catalog/api/get-marketplace";
import { useProducts } from "@/features/catalog/api/get-products";
import { ProductGrid, ProductGridSkeleton } from "@/features/catalog/components/product-card";
import { deliveryNote, StoreLogo } from "@/features/catalog/components/store-card";
import { ApiError } from "@/lib/api-client";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 24;

function StoreProducts({ code }: { code: string }) {
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const products = useProducts({ marketplace: code, sort: "rating", page, page_size: PAGE_SIZE });
  if (products.isPending) return <ProductGridSkeleton label="Loading the store's products" />;
  if (products.isError) return <ErrorState error={products.error} onRetry={() => products.refetch()} />;
  if (products.data.items.length === 0) {
    return <EmptyState title="Nothing from this store yet">Search again later, or try another store.</EmptyState>;
  }
  return (
    <>
      <ProductGrid products={products.data.items} label="Products from this store" />
      <Pagination page={products.data.page} pageSize={products.data.page_size} total={products.data.total} />
    </>
  );
}

export function Component() {
  const { code = "" } = useParams();
  const store = useMarketplace(code);
  useTitle(store.data?.name ?? "Store");
  if (store.isPending) return <Spinner label="Loading the store" />;
  if (store.isError) {
    if (store.error instanceof ApiError && store.error.status === 404) {
      return (
        <div className="py-12 text-center">
          <h1 className="text-2xl font-bold">Store not found</h1>
          <Link to="/stores" className="mt-2 inline-block underline">
            All stores
          </Link>
        </div>
      );
    }
    return <ErrorState error={store.error} onRetry={() => store.refetch()} />;
  }
  const s = store.data;
  return (
    <div className="flex flex-col gap-6">
      <Link to="/stores" className="text-sm font-medium text-brand-700 underline">
        ← All stores
      </Link>
      <header className="flex flex-wrap items-start gap-4">
        <StoreLogo store={s} size={64} />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h1 className="text-2xl font-bold">{s.name}</h1>
          <p className="text-stone-700">{s.description}</p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            <dt className="text-stone-600">Rating</dt>
            <dd>{s.rating !== null ? `★ ${s.rating.toFixed(1)} of 5` : "Not rated yet"}</dd>
            <dt className="text-stone-600">Prices</dt>
            <dd>{s.currency === "KES" ? "In Kenyan shillings" : `In ${s.currency}, shown in KES beside`}</dd>
            <dt className="text-stone-600">Delivery</dt>
            <dd>{deliveryNote(s)}</dd>
          </dl>
          {s.website_url && (
            <a href={s.website_url} rel="noopener noreferrer" className="text-sm text-brand-700 underline">
              The store's own site
            </a>
          )}
        </div>
      </header>
      <section aria-labelledby="store-products">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="store-products" className="text-xl font-bold">
            Best rated from {s.name}
          </h2>
          <Link to={`/search?marketplace=${s.code}`} className="text-sm font-medium text-brand-700 underline">
            Search this store
          </Link>
        </div>
        <StoreProducts code={s.code} />
      </section>
    </div>
  );
}
