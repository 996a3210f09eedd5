import type { ProductResponse } from "@sokoni/contracts";
import { Link } from "react-router";
import { Price } from "@/components/ui/price";

export function ProductCard({ product }: { product: ProductResponse }) {
  return (
    <li className="flex flex-col overflow-hidden rounded-lg border border-stone-200 bg-white">
      <Link to={`/products/${product.id}`} className="group flex flex-1 flex-col">
        <div className="aspect-square bg-stone-100">
          {product.image_url && (
            <img
              src={product.image_url}
              alt=""
              width={300}
              height={300}
              loading="lazy"
              className="size-full object-cover"
            />
          )}
        </div>
        <div className="flex flex-1 flex-col gap-1 p-3">
          <h3 className="line-clamp-2 min-h-10 text-sm font-medium group-hover:underline">{product.name}</h3>
          <p className="text-xs text-stone-600">
            {product.marketplace.name}
            {product.rating !== null && ` · ★ ${product.rating.toFixed(1)}`}
          </p>
          <div className="mt-auto pt-1">
            <Price
              storeAmount={product.store_price}
              storeCurrency={product.store_currency}
              amount={product.price}
              currency={product.currency}
            />
          </div>
          {!product.in_stock && <p className="text-xs font-medium text-red-700">Out of stock</p>}
        </div>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, label }: { products: ProductResponse[]; label: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
    </ul>
  );
}

/** Placeholders shaped like the cards, so the page does not jump when the products arrive. */
export function ProductGridSkeleton({ count = 8, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-label={label}>
      <ul aria-hidden="true" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
          <li key={i} className="flex flex-col overflow-hidden rounded-lg border border-stone-200 bg-white">
            <div className="aspect-square animate-pulse bg-stone-200" />
            <div className="flex flex-col gap-1 p-3">
              <div className="h-10 rounded bg-stone-100" />
              <div className="h-4 w-1/2 rounded bg-stone-100" />
              <div className="mt-1 h-6 w-2/3 rounded bg-stone-100" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
