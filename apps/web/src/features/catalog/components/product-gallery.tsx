import { useState } from "react";

/**
 * The product's pictures: the main one large (square, so nothing moves when it loads), and when
 * there are more, a row of thumbnails that switch it. Thumbnails are buttons: Tab and Enter work.
 */
export function ProductGallery({ name, pictures }: { name: string; pictures: string[] }) {
  const [shown, setShown] = useState(0);
  const current = pictures[shown] ?? pictures[0];
  return (
    <div className="flex flex-col gap-3">
      <div className="aspect-square overflow-hidden rounded-xl bg-stone-100">
        {current && (
          <img
            src={current}
            alt={pictures.length > 1 ? `${name}, picture ${shown + 1} of ${pictures.length}` : name}
            width={600}
            height={600}
            className="size-full object-cover"
          />
        )}
      </div>
      {pictures.length > 1 && (
        <ul aria-label="Pictures" className="flex gap-2 overflow-x-auto">
          {pictures.map((src, i) => (
            <li key={src} className="shrink-0">
              <button
                type="button"
                onClick={() => setShown(i)}
                aria-label={`Show picture ${i + 1} of ${pictures.length}`}
                aria-pressed={i === shown}
                className={`block size-16 overflow-hidden rounded-md border-2 bg-stone-100 ${
                  i === shown ? "border-brand-700" : "border-transparent hover:border-stone-400"
                }`}
              >
                <img src={src} alt="" width={64} height={64} loading="lazy" className="size-full object-cover" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
