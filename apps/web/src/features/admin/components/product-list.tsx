import { ADMIN_PRODUCT_STATUSES, type AdminProductStatus, type ProductResponse } from "@sokoni/contracts";
import { type FormEvent, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Pagination } from "@/components/ui/pagination";
import { Price } from "@/components/ui/price";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useAdminProducts } from "@/features/admin/api/get-admin-products";
import { useUpdateProduct } from "@/features/admin/api/update-product";
import { useTitle } from "@/lib/use-title";

const PAGE_SIZE = 20;

const STATUS_LABELS: Record<AdminProductStatus, string> = { all: "All", active: "Active", archived: "Archived" };

function isStatus(value: string | null): value is AdminProductStatus {
  return (ADMIN_PRODUCT_STATUSES as readonly (string | null)[]).includes(value);
}

/** Restore an archived product from the list (PATCH status active); a refusal is shown as the API words it. */
function RestoreButton({ product }: { product: ProductResponse }) {
  const update = useUpdateProduct(product.id);
  const [error, setError] = useState<string>();
  return (
    <span className="flex flex-col items-start gap-1">
      <button
        type="button"
        disabled={update.isPending}
        onClick={() => {
          setError(undefined);
          update
            .mutateAsync({ status: "active" })
            .catch((err: unknown) => setError(err instanceof Error ? err.message : "Restoring failed."));
        }}
        className="rounded-md border border-stone-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100 disabled:opacity-60"
      >
        Restore<span className="sr-only"> {product.name}</span>
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}

/**
 * Products over GET /api/admin/products (archived ones too): search (q), status and pages live in
 * the URL; an archived product can be restored from here.
 */
export function AdminProductList() {
  useTitle("Admin · Products");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const rawStatus = params.get("status");
  const status: AdminProductStatus = isStatus(rawStatus) ? rawStatus : "all";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const products = useAdminProducts({ q: q || undefined, status, page, page_size: PAGE_SIZE });
  const searchId = useId();
  const statusId = useId();

  /** A new search or status starts again at page 1; "all" and an empty search leave the URL. */
  function show(next: { q: string; status: AdminProductStatus }) {
    const out: Record<string, string> = {};
    if (next.q) out.q = next.q;
    if (next.status !== "all") out.status = next.status;
    setParams(out);
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    show({ q: value, status });
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
      <div className="flex items-center gap-2">
        <label htmlFor={statusId} className="text-sm font-medium">
          Status
        </label>
        <select
          id={statusId}
          value={status}
          onChange={(event) => show({ q, status: event.target.value as AdminProductStatus })}
          className="rounded-md border border-stone-400 bg-white px-3 py-2"
        >
          {ADMIN_PRODUCT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {products.isPending ? (
        <Spinner label="Loading products" />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <EmptyState
          title={
            q
              ? `No ${status === "all" ? "" : `${status} `}products match “${q}”`
              : status === "all"
                ? "No products yet"
                : `No ${status} products`
          }
        >
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
                <span className="flex items-center gap-3">
                  {p.status === "archived" && <RestoreButton product={p} />}
                  <Price
                    storeAmount={p.store_price}
                    storeCurrency={p.store_currency}
                    amount={p.price}
                    currency={p.currency}
                  />
                </span>
              </li>
            ))}
          </ul>
          <Pagination page={products.data.page} pageSize={products.data.page_size} total={products.data.total} />
        </>
      )}
    </div>
  );
}
