import { AddressResponse, type UpdateAddressBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** PATCH /api/users/me/addresses/:id: the fields sent change; is_default: true unsets the previous default. */
export function updateAddress(input: { id: string; body: UpdateAddressBody }): Promise<AddressResponse> {
  return api(`/api/users/me/addresses/${encodeURIComponent(input.id)}`, AddressResponse, {
    method: "PATCH",
    body: input.body,
  });
}

export function useUpdateAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["addresses"] }),
  });
}
