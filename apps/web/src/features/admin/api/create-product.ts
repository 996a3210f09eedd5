import { type CreateProductBody, ProductResponse } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/products (admin) */
export function createProduct(body: CreateProductBody): Promise<ProductResponse> {
  return api("/api/products", ProductResponse, { method: "POST", body });
}

export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProduct,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["products"] }),
  });
}
