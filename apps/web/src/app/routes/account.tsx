import { Outlet } from "react-router";
import { RequireAuth } from "@/app/require-auth";
import { AccountNav } from "@/features/account/components/account-nav";

/** The account pages' frame: signed-in only, the section navigation, then the page the URL names. */
export function Component() {
  return (
    <RequireAuth>
      {(user) => (
        <div className="flex flex-col gap-4 md:flex-row md:gap-8">
          <AccountNav user={user} />
          <div className="min-w-0 flex-1">
            <Outlet context={user} />
          </div>
        </div>
      )}
    </RequireAuth>
  );
}
