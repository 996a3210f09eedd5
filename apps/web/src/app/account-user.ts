import type { UserResponse } from "@sokoni/contracts";
import { useOutletContext } from "react-router";

/** The signed-in user, for the pages inside /account (its frame renders them only when signed in, and passes the user). */
export function useAccountUser(): UserResponse {
  return useOutletContext<UserResponse>();
}
