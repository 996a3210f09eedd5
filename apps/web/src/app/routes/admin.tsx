import { lazy } from "react";
import { RequireAuth } from "@/app/require-auth";
import { useTitle } from "@/lib/use-title";

// The admin console is its own chunk, fetched only by staff who open it.
const AdminHome = lazy(() => import("@/features/admin/components/admin-home"));

export function Component() {
  useTitle("Admin");
  return <RequireAuth roles={["admin", "staff"]}>{(user) => <AdminHome user={user} />}</RequireAuth>;
}
