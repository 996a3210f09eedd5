import { type FormEvent, useId } from "react";
import { useNavigate } from "react-router";

/** The search bar: submits to /search?q=… (a fresh search keeps no other filter). */
export function SearchBox({ defaultValue = "", large = false }: { defaultValue?: string; large?: boolean }) {
  const navigate = useNavigate();
  const id = useId();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : "/search");
  }
  return (
    <search className="flex w-full">
      <form onSubmit={onSubmit} className="flex w-full">
        <label htmlFor={id} className="sr-only">
          Search products
        </label>
        <input
          id={id}
          key={defaultValue}
          name="q"
          type="search"
          defaultValue={defaultValue}
          placeholder="Search phones, shoes, rice…"
          className={`min-w-0 flex-1 rounded-l-md border border-stone-400 bg-white px-3 text-stone-900 ${large ? "py-3 text-lg" : "py-2"}`}
        />
        <button
          type="submit"
          className="rounded-r-md bg-amber-400 px-4 font-semibold text-stone-900 hover:bg-amber-300"
        >
          Search
        </button>
      </form>
    </search>
  );
}
