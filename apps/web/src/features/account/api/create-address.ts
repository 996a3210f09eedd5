import { AddressResponse, type CreateAddressBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/users/me/addresses: the first address, or one marked is_default, becomes the default. */
export function createAddress(body: CreateAddressBody): Promise<AddressResponse> {
  return api("/api/users/me/addresses", AddressResponse, { method: "POST", body });
}

export function useCreateAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAddress,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["addresses"] }),
  });
}
