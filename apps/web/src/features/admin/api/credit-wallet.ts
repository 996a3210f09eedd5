import { type WalletCreditBody, WalletEntryResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/admin/wallets/:user_id/credits: money into a user's wallet (admin). */
export function creditWallet(userId: string, body: WalletCreditBody): Promise<WalletEntryResponse> {
  return api(`/api/admin/wallets/${encodeURIComponent(userId)}/credits`, WalletEntryResponse, {
    method: "POST",
    body,
  });
}

export function useCreditWallet(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WalletCreditBody) => creditWallet(userId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["admin", "wallets", userId] }),
  });
}
