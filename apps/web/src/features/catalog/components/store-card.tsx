import type { MarketplaceResponse } from "@sokoni/contracts";
import { Link } from "react-router";

/** Where a store's parcels come from, in the shopper's terms (the registry's ships_to). */
export function deliveryNote(m: Pick<MarketplaceResponse, "kind" | "ships_to">): string {
  if (m.kind === "house") return "Sokoni's own stock, delivered from Nairobi.";
  if (m.ships_to === "domestic") return "Delivered within Kenya by the store.";
  return "Shipped to Sokoni's warehouse, then on to you.";
}

/** The store's logo, or its initials on a tile of the same size (no layout shift either way). */
export function StoreLogo({
  store,
  size = 48,
}: {
  store: Pick<MarketplaceResponse, "name" | "logo_url">;
  size?: number;
}) {
  const initials = store.name
    .split(/\s+/)
    .map((w) => w[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return store.logo_url ? (
    <img
      src={store.logo_url}
      alt=""
      width={size}
      height={size}
      className="shrink-0 rounded-md border border-stone-200 bg-white object-contain"
    />
  ) : (
    <span
      aria-hidden="true"
      style={{ width: size, height: size }}
      className="flex shrink-0 items-center justify-center rounded-md bg-brand-700 font-bold text-white"
    >
      {initials}
    </span>
  );
}

export function StoreCard({ store }: { store: MarketplaceResponse }) {
  return (
    <li>
      <Link
        to={`/stores/${store.code}`}
        className="flex h-full gap-3 rounded-lg border border-stone-200 bg-white p-4 hover:border-brand-700"
      >
        <StoreLogo store={store} />
        <span className="flex flex-col">
          <span className="font-semibold">{store.name}</span>
          <span className="text-sm text-stone-600">
            Prices in {store.currency}
            {store.rating !== null && ` · ★ ${store.rating.toFixed(1)}`}
          </span>
          {store.description && <span className="mt-1 line-clamp-2 text-sm text-stone-700">{store.description}</span>}
        </span>
      </Link>
    </li>
  );
}
