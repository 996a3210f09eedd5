import { type FormEvent, useId } from "react";
import { Link, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useProducts } from "@/features/catalog/api/get-products";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

/**
 * Products over GET /api/products: search (q) and pages live in the URL. The catalog has no
 * include-archived listing, so this lists the active products; an archived one is reached from
 * its edit page (admins can still read it by id).
 */
export function AdminProductList() {
  useTitle("Admin · Products");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const products = useProducts({ q: q || undefined, page, page_size: PAGE_SIZE });
  const searchId = useId();

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    setParams(value ? { q: value } : {});
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Products</h1>
        <Link to="/admin/products/new" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white">
          New product
        </Link>
      </div>
      <search>
        <form onSubmit={onSearch} className="flex gap-2">
          <label htmlFor={searchId} className="sr-only">
            Search the catalog
          </label>
          <input
            id={searchId}
            key={q}
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Name, description…"
            className="min-w-0 flex-1 rounded-md border border-stone-400 bg-white px-3 py-2"
          />
          <button type="submit" className="rounded-md border border-stone-400 bg-white px-4 py-2 font-medium">
            Search
          </button>
        </form>
      </search>
      {products.isPending ? (
        <Spinner label="Loading products" />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <EmptyState title={q ? `No products match “${q}”` : "No products yet"}>
          <Link to="/admin/products/new" className="font-medium text-brand-700 underline">
            Create one
          </Link>
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-stone-700" data-testid="admin-product-count">
            {products.data.total} {products.data.total === 1 ? "product" : "products"}
          </p>
          <ul aria-label="Products" className="flex flex-col divide-y divide-stone-200 rounded-lg border bg-white">
            {products.data.items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span className="min-w-0">
                  <Link to={`/admin/products/${p.id}`} className="font-semibold text-brand-800 underline">
                    {p.name}
                  </Link>
                  <span className="block text-sm text-stone-700">
                    {p.marketplace.name} · {p.category?.name ?? "No category"} · stock {p.stock}
                    {p.status === "archived" && " · archived"}
                  </span>
                </span>
                <Price
                  storeAmount={p.store_price}
                  storeCurrency={p.store_currency}
                  amount={p.price}
                  currency={p.currency}
                />
              </li>
            ))}
          </ul>
          <Pagination page={products.data.page} pageSize={products.data.page_size} total={products.data.total} />
        </>
      )}
    </div>
  );
}
