import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { Price } from "@/components/ui/price";
import { ErrorState, Spinner } from "@/components/ui/states";
import { AddToCart } from "@/features/cart/components/add-to-cart";
import { useProduct } from "@/features/catalog/api/get-product";
import { AlsoSoldBy } from "@/features/catalog/components/also-sold-by";
import { ProductGallery } from "@/features/catalog/components/product-gallery";
import { RecentlyViewed } from "@/features/catalog/components/recently-viewed";
import { rememberViewed } from "@/features/catalog/hooks/use-recently-viewed";
import { ApiError } from "@/lib/api-client";
import { useTitle } from "@/lib/use-title";

export function Component() {
  const { id = "" } = useParams();
  const product = useProduct(id);
  useTitle(product.data?.name ?? "Product");
  const viewed = product.data;
  useEffect(() => {
    if (viewed) rememberViewed(viewed);
  }, [viewed]);

  if (product.isPending) return <Spinner label="Loading product" />;
  if (product.isError) {
    if (product.error instanceof ApiError && (product.error.status === 404 || product.error.status === 400)) {
      return (
        <div className="py-12 text-center">
          <h1 className="text-2xl font-bold">Product not found</h1>
          <Link to="/search" className="mt-2 inline-block underline">
            Browse products
          </Link>
        </div>
      );
    }
    return <ErrorState error={product.error} onRetry={() => product.refetch()} />;
  }
  const p = product.data;
  const houseStock = p.marketplace.code === "sokoni" ? p.stock : null;
  return (
    <div className="flex flex-col gap-10">
      <article className="grid gap-6 md:grid-cols-2">
        <ProductGallery name={p.name} pictures={[...(p.image_url ? [p.image_url] : []), ...p.images]} />
        <div className="flex flex-col gap-4">
          {p.category && (
            <Link to={`/search?category=${p.category.slug}`} className="text-sm font-medium text-brand-700 underline">
              {p.category.name}
            </Link>
          )}
          <h1 className="text-2xl font-bold sm:text-3xl">{p.name}</h1>
          <p className="text-stone-700">
            Sold by <span className="font-semibold">{p.marketplace.name}</span>
            {p.rating !== null && ` · ★ ${p.rating.toFixed(1)} (${p.rating_count} ratings)`}
          </p>
          <Price
            size="lg"
            storeAmount={p.store_price}
            storeCurrency={p.store_currency}
            amount={p.price}
            currency={p.currency}
          />
          <p className={p.in_stock ? "text-green-800" : "font-medium text-red-700"}>
            {p.in_stock ? (houseStock !== null ? `In stock (${houseStock} left)` : "Available") : "Out of stock"}
          </p>
          <AddToCart productId={p.id} disabled={!p.in_stock} maxQuantity={houseStock} />
          <section aria-labelledby="description">
            <h2 id="description" className="text-lg font-semibold">
              Description
            </h2>
            <p className="whitespace-pre-line text-stone-800">{p.description || "No description."}</p>
          </section>
        </div>
      </article>
      <RecentlyViewed excludeId={p.id} />
      {/* Last: arriving after the product, it pushes nothing down. */}
      <AlsoSoldBy productId={p.id} />
    </div>
  );
}
