import { ProductResponse, type UpdateProductBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** PATCH /api/products/:id (admin): the fields sent change; status archives or restores. */
export function updateProduct(id: string, body: UpdateProductBody): Promise<ProductResponse> {
  return api(`/api/products/${encodeURIComponent(id)}`, ProductResponse, { method: "PATCH", body });
}

export function useUpdateProduct(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProductBody) => updateProduct(id, body),
    onSuccess: (product) => {
      queryClient.setQueryData(["products", "detail", id], product);
      return queryClient.invalidateQueries({ queryKey: ["products"] });
    },
  });
}
