import type { UserResponse, UserRole } from "@sokoni/contracts";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Spinner } from "@/components/ui/states";
import { useSession } from "@/lib/auth-session";

/** Renders its children for a signed-in user (with one of `roles`, when given); guests go to sign-in and come back. */
export function RequireAuth({ roles, children }: { roles?: UserRole[]; children: (user: UserResponse) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "loading") return <Spinner label="Checking your session" />;
  if (session.status === "guest") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(session.user.role)) {
    return (
      <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
        <h1 className="text-xl font-semibold">Not allowed</h1>
        <p className="mt-1">Your account cannot open this page.</p>
      </div>
    );
  }
  return <>{children(session.user)}</>;
}
