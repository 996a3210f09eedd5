import { AddressResponse, pageOf } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

const AddressPage = pageOf(AddressResponse);

/** GET /api/users/me/addresses: saved addresses, default first. */
export async function getAddresses(signal?: AbortSignal): Promise<AddressResponse[]> {
  return (await api("/api/users/me/addresses?page_size=20", AddressPage, { signal })).items;
}

export function getAddressesQueryOptions(userId: string) {
  return queryOptions({ queryKey: ["addresses", userId], queryFn: ({ signal }) => getAddresses(signal) });
}

export function useAddresses(userId: string) {
  return useQuery(getAddressesQueryOptions(userId));
}
