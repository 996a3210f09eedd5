import { type PaymentProviderCode, type PaymentStatus, TransactionListResponse } from "@sokoni/contracts";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, queryString } from "@/lib/api-client";

export type TransactionFilters = {
  status?: PaymentStatus;
  provider?: PaymentProviderCode;
  page?: number;
  page_size?: number;
};

/** GET /api/transactions: every customer's payments for an admin, newest first. */
export function getTransactions(filters: TransactionFilters, signal?: AbortSignal) {
  return api(`/api/transactions${queryString(filters)}`, TransactionListResponse, { signal });
}

export function getTransactionsQueryOptions(filters: TransactionFilters) {
  return queryOptions({
    queryKey: ["admin", "transactions", filters],
    queryFn: ({ signal }) => getTransactions(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTransactions(filters: TransactionFilters) {
  return useQuery(getTransactionsQueryOptions(filters));
}
