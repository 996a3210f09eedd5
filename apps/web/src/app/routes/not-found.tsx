import { Link } from "react-router";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Page not found");
  return (
    <div className="py-12 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2">
        <Link to="/" className="underline">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
