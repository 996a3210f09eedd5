import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { RouterProvider } from "react-router";
import { router } from "@/app/router";
import { refreshSession } from "@/lib/api-client";
import { getSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";

export function App() {
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    // A reload forgets the access token; the HttpOnly refresh cookie brings the session back.
    if (getSession().status === "loading") void refreshSession();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
