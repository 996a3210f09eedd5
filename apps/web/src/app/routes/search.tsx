import { useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useProducts } from "@/features/catalog/api/get-products";
import { ProductGrid, ProductGridSkeleton } from "@/features/catalog/components/product-card";
import { filtersFromParams, ProductFiltersForm } from "@/features/catalog/components/product-filters";
import { useTitle } from "@/lib/use-title";

export function Component() {
  const [params] = useSearchParams();
  const filters = filtersFromParams(params);
  const products = useProducts(filters);
  const heading = filters.q ? `Results for “${filters.q}”` : "All products";
  useTitle(filters.q ? `${filters.q} — search` : "Products");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{heading}</h1>
        {products.data && (
          <p className="text-sm text-stone-700" aria-live="polite" data-testid="result-count">
            {products.data.total} {products.data.total === 1 ? "product" : "products"}
          </p>
        )}
      </div>
      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <aside>
          <details className="md:hidden" open={false}>
            <summary className="cursor-pointer rounded-md border border-stone-300 bg-white px-3 py-2 font-medium">
              Filters and sort
            </summary>
            <div className="mt-2">
              <ProductFiltersForm />
            </div>
          </details>
          <div className="hidden md:block">
            <ProductFiltersForm />
          </div>
        </aside>
        <section aria-label="Results" aria-busy={products.isFetching}>
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
        </section>
      </div>
    </div>
  );
}
