import type { MarketplaceResponse, ProductResponse } from "@sokoni/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { useAddCartItem } from "@/features/cart/api/add-cart-item";
import { useMarketplaces } from "@/features/catalog/api/get-marketplaces";

type StoreFace = Pick<MarketplaceResponse, "name" | "logo_url">;

/** Each store's name and logo by code (offers carry only code and name; the list is cached for minutes). */
export function useStoreFaces(): (ref: ProductResponse["marketplace"]) => StoreFace {
  const marketplaces = useMarketplaces();
  return (ref) => {
    const m = marketplaces.data?.find((s) => s.code === ref.code);
    return { name: ref.name, logo_url: m?.logo_url ?? null };
  };
}

/** "★ 4.5 (1,204)", or words when no one rated it. */
export function OfferRating({ offer }: { offer: Pick<ProductResponse, "rating" | "rating_count"> }) {
  if (offer.rating === null) return <span className="text-stone-600">No ratings yet</span>;
  return (
    <span>
      <span aria-hidden="true">★ </span>
      <span className="sr-only">Rated </span>
      {offer.rating.toFixed(1)}
      <span className="sr-only"> of 5</span> ({offer.rating_count.toLocaleString("en-KE")})
    </span>
  );
}

/** The marks an offer earns among the item's offers; the row keeps its height when there are none. */
export function OfferMarks({ cheapest, bestRated }: { cheapest: boolean; bestRated: boolean }) {
  return (
    <span className="flex min-h-6 flex-wrap gap-1">
      {cheapest && (
        <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900">Cheapest</span>
      )}
      {bestRated && (
        <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">Best rated</span>
      )}
    </span>
  );
}

/** One click adds one of this offer; the button's name says which store (several sit side by side). */
export function QuickAdd({ offer }: { offer: Pick<ProductResponse, "id" | "in_stock" | "marketplace"> }) {
  const mutation = useAddCartItem();
  const [added, setAdded] = useState(false);
  function add() {
    setAdded(false);
    mutation.mutate({ product_id: offer.id, quantity: 1 }, { onSuccess: () => setAdded(true) });
  }
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        onClick={add}
        disabled={!offer.in_stock || mutation.isPending}
        className="rounded-md bg-amber-400 px-3 py-2 text-sm font-semibold text-stone-900 hover:bg-amber-300 disabled:cursor-not-allowed disabled:bg-stone-200 disabled:text-stone-600"
      >
        {mutation.isPending ? "Adding…" : offer.in_stock ? "Add to cart" : "Not available"}
        <span className="sr-only"> from {offer.marketplace.name}</span>
      </button>
      <div aria-live="polite" className="min-h-5 text-xs">
        {added && (
          <p className="text-green-800">
            Added.{" "}
            <Link to="/cart" className="font-medium underline">
              View cart
            </Link>
          </p>
        )}
        {mutation.error && (
          <p role="alert" className="text-red-700">
            {mutation.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
