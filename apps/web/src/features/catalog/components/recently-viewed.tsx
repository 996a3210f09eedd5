import { Link } from "react-router";
import { useRecentlyViewed } from "@/features/catalog/hooks/use-recently-viewed";

/** A row of the products this browser opened last; nothing at all before the first one. */
export function RecentlyViewed({ excludeId }: { excludeId?: string }) {
  const viewed = useRecentlyViewed().filter((p) => p.id !== excludeId);
  if (viewed.length === 0) return null;
  return (
    <section aria-labelledby="recently-viewed">
      <h2 id="recently-viewed" className="mb-3 text-xl font-bold">
        Recently viewed
      </h2>
      <ul aria-label="Recently viewed products" className="-mx-4 flex gap-3 overflow-x-auto px-4 pb-2 sm:mx-0 sm:px-0">
        {viewed.map((p) => (
          <li key={p.id} className="w-36 shrink-0">
            <Link to={`/products/${p.id}`} className="group block">
              <div className="aspect-square overflow-hidden rounded-lg border border-stone-200 bg-stone-100">
                {p.image_url && (
                  <img
                    src={p.image_url}
                    alt=""
                    width={144}
                    height={144}
                    loading="lazy"
                    className="size-full object-cover"
                  />
                )}
              </div>
              <span className="mt-1 line-clamp-2 text-sm font-medium group-hover:underline">{p.name}</span>
              <span className="block text-xs text-stone-600">{p.marketplace}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
