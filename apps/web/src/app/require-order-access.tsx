import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { Spinner } from "@/components/ui/states";
import { useSession } from "@/lib/auth-session";
import { adoptOrderKeyFromHash, orderKeyOf } from "@/lib/order-keys";

/**
 * One order's page: a signed-in shopper, or a guest whose browser holds the order's key (from
 * checkout, or from the email's link `#key=…`). Anyone else is sent to sign in and comes back.
 */
export function RequireOrderAccess({
  orderId,
  children,
}: {
  orderId: string;
  children: (viewer: { guest: boolean }) => ReactNode;
}) {
  const session = useSession();
  const location = useLocation();
  adoptOrderKeyFromHash(orderId, location.hash);
  if (orderKeyOf(orderId) && session.status !== "signed-in") return <>{children({ guest: true })}</>;
  if (session.status === "loading") return <Spinner label="Checking your session" />;
  if (session.status === "guest") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children({ guest: false })}</>;
}
