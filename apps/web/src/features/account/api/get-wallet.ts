import { WalletResponse } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export const WALLET_PAGE_SIZE = 10;

/** GET /api/wallet: the balance and one page of ledger entries, newest first. */
export function getWallet(page: number, signal?: AbortSignal): Promise<WalletResponse> {
  return api(`/api/wallet${queryString({ page, page_size: WALLET_PAGE_SIZE })}`, WalletResponse, { signal });
}

export function getWalletQueryOptions(userId: string, page: number) {
  return queryOptions({
    queryKey: ["wallet", userId, page],
    queryFn: ({ signal }) => getWallet(page, signal),
    placeholderData: keepPreviousData,
    // A refund or a wallet payment may have landed since: always ask again when the page opens.
    staleTime: 0,
  });
}

export function useWallet(userId: string, page: number) {
  return useQuery(getWalletQueryOptions(userId, page));
}
