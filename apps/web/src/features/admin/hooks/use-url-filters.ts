import { useSearchParams } from "react-router";

/** A contract's enum schema, as far as reading a filter needs it. */
type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

/**
 * A list screen's filters and page, kept in the URL (a link or Back shows the same list). Each
 * filter is read through its contract schema, so an unknown value in a hand-edited URL is no
 * filter; a changed filter starts again at page 1.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);

  /** The filter's value, or undefined; `absent` is what a URL without it means. */
  function filter<T>(name: string, schema: Schema<T>, absent?: string): T | undefined {
    const parsed = schema.safeParse(params.get(name) ?? absent);
    return parsed.success ? parsed.data : undefined;
  }

  /** Sets one filter (an empty value removes it) and goes back to the first page. */
  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    next.delete("page");
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  return { params, page, filter, setFilter };
}
