import { useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useProducts } from "@/features/catalog/api/get-products";
import { searchFromParams, useSearchEverywhere } from "@/features/catalog/api/search-everywhere";
import { ProductGrid, ProductGridSkeleton } from "@/features/catalog/components/product-card";
import { filtersFromParams, ProductFiltersForm } from "@/features/catalog/components/product-filters";
import { SearchItemList, SearchItemSkeleton, SourceStatusLine } from "@/features/catalog/components/search-item-card";
import { ApiError } from "@/lib/api-client";
import { useTitle } from "@/lib/use-title";

/**
 * Words search every store at once (GET /api/search). Browsing without words, and words narrowed
 * to one store or to what is in stock (filters the search everywhere does not have), list the
 * catalog (GET /api/products).
 */
export function Component() {
  const [params] = useSearchParams();
  const q = params.get("q")?.trim();
  const narrowed = params.get("marketplace") || params.get("in_stock") === "true";
  return q && !narrowed ? <SearchEverywhere q={q} /> : <Browse />;
}

function Layout({
  heading,
  count,
  filters,
  busy,
  children,
}: {
  heading: string;
  count: string | null;
  filters: React.ReactNode;
  busy: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{heading}</h1>
        <p className="min-h-5 text-sm text-stone-700" aria-live="polite" data-testid="result-count">
          {count}
        </p>
      </div>
      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <aside>
          <details className="md:hidden" open={false}>
            <summary className="cursor-pointer rounded-md border border-stone-300 bg-white px-3 py-2 font-medium">
              Filters and sort
            </summary>
            <div className="mt-2">{filters}</div>
          </details>
          <div className="hidden md:block">{filters}</div>
        </aside>
        <section aria-label="Results" aria-busy={busy} className="flex min-w-0 flex-col gap-3">
          {children}
        </section>
      </div>
    </div>
  );
}

function SearchEverywhere({ q }: { q: string }) {
  const [params] = useSearchParams();
  const search = useSearchEverywhere(searchFromParams(params, q));
  useTitle(`${q} — search`);
  const apiErrors = search.error instanceof ApiError && search.error.status === 400 ? search.error.fieldErrors() : {};
  const total = search.data?.total;
  return (
    <Layout
      heading={`Results for “${q}”`}
      count={total === undefined ? null : `${total} ${total === 1 ? "product" : "products"}`}
      filters={<ProductFiltersForm everywhere apiErrors={apiErrors} />}
      busy={search.isFetching}
    >
      {search.isPending ? (
        <SearchItemSkeleton label="Searching every store" />
      ) : search.isError ? (
        <ErrorState error={search.error} onRetry={() => search.refetch()} />
      ) : (
        <>
          <SourceStatusLine sources={search.data.sources} />
          {search.data.items.length === 0 ? (
            <EmptyState title="No products match">Try fewer words or remove a filter.</EmptyState>
          ) : (
            <>
              <SearchItemList items={search.data.items} />
              <Pagination page={search.data.page} pageSize={search.data.page_size} total={search.data.total} />
            </>
          )}
        </>
      )}
    </Layout>
  );
}

function Browse() {
  const [params] = useSearchParams();
  const filters = filtersFromParams(params);
  const products = useProducts(filters);
  useTitle(filters.q ? `${filters.q} — search` : "Products");
  const total = products.data?.total;
  return (
    <Layout
      heading={filters.q ? `Results for “${filters.q}”` : "All products"}
      count={total === undefined ? null : `${total} ${total === 1 ? "product" : "products"}`}
      filters={<ProductFiltersForm />}
      busy={products.isFetching}
    >
      {products.isPending ? (
        <ProductGridSkeleton label="Searching" />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <EmptyState title="No products match">Try fewer words or remove a filter.</EmptyState>
      ) : (
        <>
          <ProductGrid products={products.data.items} label="Products" />
          <Pagination page={products.data.page} pageSize={products.data.page_size} total={products.data.total} />
        </>
      )}
    </Layout>
  );
}
