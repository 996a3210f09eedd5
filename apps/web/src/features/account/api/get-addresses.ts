import { AddressResponse, MAX_PAGE_SIZE, pageOf } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

const AddressPage = pageOf(AddressResponse);

/**
 * GET /api/users/me/addresses: the address book, default first, in one page (a shopper keeps a
 * handful). The account pages and checkout share the query key, so a change shows in both.
 */
export async function getAddresses(signal?: AbortSignal): Promise<AddressResponse[]> {
  return (await api(`/api/users/me/addresses${queryString({ page_size: MAX_PAGE_SIZE })}`, AddressPage, { signal }))
    .items;
}

export function getAddressesQueryOptions(userId: string) {
  return queryOptions({ queryKey: ["addresses", userId], queryFn: ({ signal }) => getAddresses(signal) });
}

export function useAddresses(userId: string) {
  return useQuery(getAddressesQueryOptions(userId));
}
