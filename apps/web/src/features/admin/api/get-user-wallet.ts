import { WalletResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

/** GET /api/admin/wallets/:user_id: another user's balance and latest entries (admin). */
export function getUserWallet(userId: string, pageSize: number, signal?: AbortSignal): Promise<WalletResponse> {
  return api(
    `/api/admin/wallets/${encodeURIComponent(userId)}${queryString({ page_size: pageSize })}`,
    WalletResponse,
    {
      signal,
    },
  );
}

export function getUserWalletQueryOptions(userId: string, pageSize = 10) {
  return queryOptions({
    queryKey: ["admin", "wallets", userId, pageSize],
    queryFn: ({ signal }) => getUserWallet(userId, pageSize, signal),
  });
}

export function useUserWallet(userId: string, pageSize = 10) {
  return useQuery(getUserWalletQueryOptions(userId, pageSize));
}
