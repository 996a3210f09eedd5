import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/** What a page that crashed (or a chunk that failed to load) shows instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Unknown error";
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2" role="alert">
        {message}
      </p>
      <p className="mt-4 flex gap-4">
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white"
        >
          Reload
        </button>
        <Link to="/" className="self-center underline">
          Home
        </Link>
      </p>
    </main>
  );
}
