import type { UserResponse } from "@sokoni/contracts";

/** Placeholder for the admin console (issue 5): dashboard, products, orders… come here. */
export default function AdminHome({ user }: { user: UserResponse }) {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-bold">Admin console</h1>
      <p>
        Signed in as {user.username} ({user.role}). The admin pages are not built yet; the API's admin endpoints are
        listed at{" "}
        <a href="/api/docs" className="underline">
          /api/docs
        </a>
        .
      </p>
    </div>
  );
}
