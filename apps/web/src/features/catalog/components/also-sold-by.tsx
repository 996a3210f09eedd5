import { Link } from "react-router";
import { Price } from "@/components/ui/price";
import { ErrorState } from "@/components/ui/states";
import { useProductOffers } from "@/features/catalog/api/get-product-offers";
import { OfferMarks, OfferRating, useStoreFaces } from "@/features/catalog/components/offer-parts";
import { StoreLogo } from "@/features/catalog/components/store-card";

/**
 * "Also sold by": the same item's other offers (GET /api/products/:id/offers), side by side, each
 * linking to its product page. Nothing when no other store sells it.
 */
export function AlsoSoldBy({ productId }: { productId: string }) {
  const offers = useProductOffers(productId);
  const face = useStoreFaces();
  if (offers.isPending) return null;
  if (offers.isError) return <ErrorState error={offers.error} onRetry={() => offers.refetch()} />;
  const others = offers.data.items.filter((o) => o.id !== productId);
  if (others.length === 0) return null;
  const thisIsCheapest = offers.data.cheapest_id === productId;
  return (
    <section aria-labelledby="also-sold-by" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="also-sold-by" className="text-lg font-semibold">
          Also sold by
        </h2>
        {thisIsCheapest && <p className="text-sm text-green-800">This store has the cheapest offer.</p>}
      </div>
      <ul aria-label="Other offers" className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
        {others.map((o) => (
          <li key={o.id} data-store={o.marketplace.code}>
            <Link
              to={`/products/${o.id}`}
              className="flex h-full flex-col gap-1.5 rounded-md border border-stone-200 bg-white p-3 hover:border-brand-700"
            >
              <span className="flex min-w-0 items-center gap-2">
                <StoreLogo store={face(o.marketplace)} size={28} />
                <span className="truncate text-sm font-semibold">{o.marketplace.name}</span>
              </span>
              <OfferMarks cheapest={o.id === offers.data.cheapest_id} bestRated={o.id === offers.data.best_rated_id} />
              <Price
                storeAmount={o.store_price}
                storeCurrency={o.store_currency}
                amount={o.price}
                currency={o.currency}
              />
              <span className="text-xs text-stone-700">
                <OfferRating offer={o} />
              </span>
              <span className="line-clamp-2 text-xs text-stone-600">{o.name}</span>
              {!o.in_stock && <span className="text-xs font-medium text-red-700">Out of stock</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
