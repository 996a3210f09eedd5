import { type SetFxRateBody, SetFxRateResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client";

export type SetFxRateInput = { currency: string; body: z.infer<typeof SetFxRateBody> };

/** PUT /api/fx-rates/:currency (admin): re-prices every product in that currency; the store currency stays 1 (422). */
export function setFxRate({ currency, body }: SetFxRateInput): Promise<z.infer<typeof SetFxRateResponse>> {
  return api(`/api/fx-rates/${encodeURIComponent(currency)}`, SetFxRateResponse, { method: "PUT", body });
}

export function useSetFxRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setFxRate,
    // Store prices of that currency's products changed too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["fx-rates"] }),
        queryClient.invalidateQueries({ queryKey: ["products"] }),
      ]),
  });
}
