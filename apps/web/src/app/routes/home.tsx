import { Link } from "react-router";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useCategories } from "@/features/catalog/api/get-categories";
import { useMarketplaces } from "@/features/catalog/api/get-marketplaces";
import { useProducts } from "@/features/catalog/api/get-products";
import { ProductGrid, ProductGridSkeleton } from "@/features/catalog/components/product-card";
import { RecentlyViewed } from "@/features/catalog/components/recently-viewed";
import { SearchBox } from "@/features/catalog/components/search-box";
import { StoreCard } from "@/features/catalog/components/store-card";
import { useTitle } from "@/lib/use-title";

const HOW_IT_WORKS = [
  { title: "Search once", text: "Sokoni's own shelves and the stores we connect, compared in Kenyan shillings." },
  {
    title: "One cart, one payment",
    text: "Add from several stores and pay once — M-Pesa, card or your Sokoni wallet.",
  },
  {
    title: "Delivered to your door",
    text: "Foreign parcels come to our Nairobi warehouse and on to you; follow each step on your order.",
  },
];

export function Component() {
  useTitle("");
  const categories = useCategories();
  const marketplaces = useMarketplaces();
  const featured = useProducts({ sort: "rating", in_stock: "true", page_size: 8 });
  const roots = categories.data?.filter((c) => c.depth === 0) ?? [];

  return (
    <div className="flex flex-col gap-10">
      <section aria-labelledby="hero" className="rounded-xl bg-brand-50 px-5 py-8 sm:px-10">
        <h1 id="hero" className="text-3xl font-extrabold text-brand-800 sm:text-4xl">
          One shop window over many stores
        </h1>
        <p className="mt-2 max-w-2xl text-lg text-stone-700">
          Search Sokoni, Jumia, Amazon and eBay at once, compare prices in Kenyan shillings, fill one cart and pay once
          — M-Pesa first.
        </p>
        <div className="mt-5 max-w-xl">
          <SearchBox large />
        </div>
      </section>

      <RecentlyViewed />

      <section aria-labelledby="categories">
        <h2 id="categories" className="mb-3 text-xl font-bold">
          Shop by category
        </h2>
        {categories.isPending ? (
          <div role="status" aria-label="Loading categories" className="flex h-12 gap-2 overflow-hidden sm:h-10">
            {[28, 36, 24, 32, 30].map((w) => (
              <span
                key={w}
                className="h-10 shrink-0 animate-pulse rounded-full bg-stone-200"
                style={{ width: `${w * 0.25}rem` }}
              />
            ))}
          </div>
        ) : categories.isError ? (
          <ErrorState error={categories.error} onRetry={() => categories.refetch()} />
        ) : (
          <ul className="-mx-4 flex h-12 gap-2 overflow-x-auto px-4 sm:mx-0 sm:h-auto sm:flex-wrap sm:px-0">
            {roots.map((c) => (
              <li key={c.id}>
                <Link
                  to={`/search?category=${c.slug}`}
                  className="inline-block rounded-full border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:border-brand-700"
                >
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="featured">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="featured" className="text-xl font-bold">
            Top rated right now
          </h2>
          <Link to="/search?sort=rating&in_stock=true" className="text-sm font-medium text-brand-700 underline">
            See all
          </Link>
        </div>
        {featured.isPending ? (
          <ProductGridSkeleton label="Loading products" />
        ) : featured.isError ? (
          <ErrorState error={featured.error} onRetry={() => featured.refetch()} />
        ) : (
          <ProductGrid products={featured.data.items} label="Top rated products" />
        )}
      </section>

      <section aria-labelledby="stores">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="stores" className="text-xl font-bold">
            Stores
          </h2>
          <Link to="/stores" className="text-sm font-medium text-brand-700 underline">
            All stores
          </Link>
        </div>
        {marketplaces.isPending ? (
          <Spinner label="Loading stores" />
        ) : marketplaces.isError ? (
          <ErrorState error={marketplaces.error} onRetry={() => marketplaces.refetch()} />
        ) : (
          <ul aria-label="Stores" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {marketplaces.data.map((m) => (
              <StoreCard key={m.code} store={m} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="how" className="rounded-xl border border-stone-200 bg-white p-5 sm:p-8">
        <h2 id="how" className="text-xl font-bold">
          How Sokoni works
        </h2>
        <ol className="mt-4 grid gap-4 sm:grid-cols-3">
          {HOW_IT_WORKS.map((step, i) => (
            <li key={step.title} className="flex gap-3">
              <span
                aria-hidden="true"
                className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-700 font-bold text-white"
              >
                {i + 1}
              </span>
              <span>
                <span className="block font-semibold">{step.title}</span>
                <span className="block text-sm text-stone-700">{step.text}</span>
              </span>
            </li>
          ))}
        </ol>
        <Link to="/about" className="mt-4 inline-block text-sm font-medium text-brand-700 underline">
          More about Sokoni
        </Link>
      </section>
    </div>
  );
}
