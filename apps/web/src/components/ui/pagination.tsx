import { Link, useLocation } from "react-router";

/** Previous / next links that keep every other query parameter. */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    if (p <= 1) params.delete("page");
    else params.set("page", String(p));
    const s = params.toString();
    return `${location.pathname}${s ? `?${s}` : ""}`;
  };
  const linkClass = "rounded-md border border-stone-400 bg-white px-3 py-2 font-medium hover:bg-stone-100";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-2 py-4">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className={linkClass} rel="prev">
          Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="text-sm text-stone-700">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} className={linkClass} rel="next">
          Next
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
