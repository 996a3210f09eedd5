import { FxRateListResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client";

export type FxRateList = z.infer<typeof FxRateListResponse>;

/** GET /api/fx-rates: units of the store currency per 1 unit of each currency. */
export function getFxRates(signal?: AbortSignal): Promise<FxRateList> {
  return api("/api/fx-rates", FxRateListResponse, { signal });
}

export function getFxRatesQueryOptions() {
  return queryOptions({ queryKey: ["fx-rates"], queryFn: ({ signal }) => getFxRates(signal) });
}

export function useFxRates() {
  return useQuery(getFxRatesQueryOptions());
}
