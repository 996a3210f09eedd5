import type { OfferResponse, SearchItemResponse, SourceStatusResponse } from "@sokoni/contracts";
import { useId, useState } from "react";
import { Link } from "react-router";
import { Price } from "@/components/ui/price";
import { OfferMarks, OfferRating, QuickAdd, useStoreFaces } from "@/features/catalog/components/offer-parts";
import { StoreLogo } from "@/features/catalog/components/store-card";
import { formatMoney } from "@/lib/format";

/** Offers shown before "+N more": the cheapest ones, with the best rated always among them. */
const SHOWN = 3;

function visibleOffers(item: SearchItemResponse): OfferResponse[] {
  const first = item.offers.slice(0, SHOWN);
  const best = item.offers.find((o) => o.id === item.best_rated_id);
  if (!best || first.includes(best)) return first;
  return [...first.slice(0, SHOWN - 1), best];
}

export function deliveryText(d: OfferResponse["delivery"]): string {
  return d.min_days === d.max_days ? `${d.min_days} days` : `${d.min_days}–${d.max_days} days`;
}

function OfferCell({ offer, item }: { offer: OfferResponse; item: SearchItemResponse }) {
  const face = useStoreFaces()(offer.marketplace);
  return (
    <li
      aria-label={`${offer.marketplace.name} offer`}
      data-store={offer.marketplace.code}
      className="flex min-w-0 flex-col gap-1.5 rounded-md border border-stone-200 p-3"
    >
      <span className="flex min-w-0 items-center gap-2">
        <StoreLogo store={face} size={28} />
        <span className="truncate text-sm font-semibold">{offer.marketplace.name}</span>
      </span>
      <OfferMarks cheapest={offer.id === item.cheapest_id} bestRated={offer.id === item.best_rated_id} />
      <Price
        storeAmount={offer.store_price}
        storeCurrency={offer.store_currency}
        amount={offer.price}
        currency={offer.currency}
      />
      <span className="text-xs text-stone-700">
        <OfferRating offer={offer} />
      </span>
      <span className="text-xs text-stone-700">Delivery {deliveryText(offer.delivery)}</span>
      <Link to={`/products/${offer.id}`} className="text-xs font-medium text-brand-700 underline">
        Details<span className="sr-only"> of the {offer.marketplace.name} offer</span>
      </Link>
      <span className="mt-auto">
        <QuickAdd offer={offer} />
      </span>
    </li>
  );
}

/** One item: its picture and name, then its offers from each store side by side. */
export function SearchItemCard({ item }: { item: SearchItemResponse }) {
  const [all, setAll] = useState(false);
  const listId = useId();
  const headingId = useId();
  const lead = item.offers.find((o) => o.id === item.cheapest_id) ?? item.offers[0];
  if (!lead) return null;
  const picture = item.offers.find((o) => o.image_url)?.image_url ?? null;
  const shown = all ? item.offers : visibleOffers(item);
  const more = item.offers.length - shown.length;
  const stores = new Set(item.offers.map((o) => o.marketplace.code)).size;
  return (
    <li
      aria-labelledby={headingId}
      data-testid="search-item"
      className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-3 sm:flex-row"
    >
      <div className="flex gap-3 sm:w-48 sm:shrink-0 sm:flex-col">
        <div className="size-24 shrink-0 overflow-hidden rounded-md bg-stone-100 sm:size-48">
          {picture && (
            <img src={picture} alt="" width={192} height={192} loading="lazy" className="size-full object-cover" />
          )}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <h2 id={headingId} className="line-clamp-3 text-sm font-semibold">
            <Link to={`/products/${lead.id}`} className="hover:underline">
              {lead.name}
            </Link>
          </h2>
          <p className="text-xs text-stone-600">
            {stores === 1 ? "1 store" : `${stores} stores`}
            {Number(item.spread) > 0 && ` · save up to ${formatMoney(item.spread, item.store_currency)}`}
          </p>
        </div>
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <ul id={listId} aria-label="Offers" className="grid grid-cols-2 gap-2 lg:grid-cols-3">
          {shown.map((o) => (
            <OfferCell key={o.id} offer={o} item={item} />
          ))}
        </ul>
        {(more > 0 || all) && (
          <button
            type="button"
            aria-expanded={all}
            aria-controls={listId}
            onClick={() => setAll(!all)}
            className="self-start rounded-md px-2 py-1 text-sm font-medium text-brand-700 underline"
          >
            {all ? "Show fewer offers" : `+${more} more ${more === 1 ? "offer" : "offers"}`}
          </button>
        )}
      </div>
    </li>
  );
}

export function SearchItemList({ items }: { items: SearchItemResponse[] }) {
  return (
    <ul aria-label="Items" className="flex flex-col gap-3">
      {items.map((item) => (
        <SearchItemCard key={item.key} item={item} />
      ))}
    </ul>
  );
}

/** Placeholders shaped like the item cards, so the page does not jump when the stores answer. */
export function SearchItemSkeleton({ count = 4, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-label={label}>
      <ul aria-hidden="true" className="flex flex-col gap-3">
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
          <li key={i} className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-3 sm:flex-row">
            <div className="flex gap-3 sm:w-48 sm:flex-col">
              <div className="size-24 animate-pulse rounded-md bg-stone-200 sm:size-48" />
              <div className="h-10 flex-1 rounded bg-stone-100" />
            </div>
            <div className="grid flex-1 grid-cols-2 gap-2 lg:grid-cols-3">
              <div className="h-52 rounded-md bg-stone-100" />
              <div className="h-52 rounded-md bg-stone-100" />
              <div className="hidden h-52 rounded-md bg-stone-100 lg:block" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

const PROBLEMS = {
  timeout: (names: string) => `${names} did not answer in time`,
  error: (names: string) => `${names} could not be reached`,
  circuit_open: (names: string, n: number) => `${names} ${n === 1 ? "was" : "were"} skipped after failing repeatedly`,
} as const;

const list = new Intl.ListFormat("en", { type: "conjunction" });

/** "eBay did not answer in time — results from the other stores", or nothing when every store answered. */
export function sourceStatusText(sources: SourceStatusResponse[]): string | null {
  const parts: string[] = [];
  for (const status of ["timeout", "error", "circuit_open"] as const) {
    const names = sources.filter((s) => s.status === status).map((s) => s.name);
    if (names.length > 0) parts.push(PROBLEMS[status](list.format(names), names.length));
  }
  if (parts.length === 0) return null;
  const answered = sources.some((s) => s.status === "ok");
  return `${parts.join("; ")} — ${answered ? "results from the other stores" : "results from Sokoni's own shelves only"}.`;
}

export function SourceStatusLine({ sources }: { sources: SourceStatusResponse[] }) {
  const text = sourceStatusText(sources);
  if (!text) return null;
  return (
    <p
      data-testid="source-status"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
    >
      {text}
    </p>
  );
}
