import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** DELETE /api/users/me/addresses/:id (orders keep their own copy of the address they were sent to). */
export function deleteAddress(id: string): Promise<void> {
  return api(`/api/users/me/addresses/${encodeURIComponent(id)}`, null, { method: "DELETE" });
}

export function useDeleteAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["addresses"] }),
  });
}
