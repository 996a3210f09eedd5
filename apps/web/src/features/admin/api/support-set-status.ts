import { SupportMessageResponse, type SupportStatus } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** PATCH /api/admin/support/:id {status}: resolve or reopen; the API records who and when. */
export function setSupportStatus(id: string, status: SupportStatus): Promise<SupportMessageResponse> {
  return api(`/api/admin/support/${encodeURIComponent(id)}`, SupportMessageResponse, {
    method: "PATCH",
    body: { status },
  });
}

export function useSetSupportStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: SupportStatus) => setSupportStatus(id, status),
    onSuccess: (message) => {
      queryClient.setQueryData(["admin", "support", "detail", id], message);
      return queryClient.invalidateQueries({ queryKey: ["admin", "support", "list"] });
    },
  });
}
