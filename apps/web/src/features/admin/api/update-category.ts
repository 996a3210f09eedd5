import { CategoryResponse, type UpdateCategoryBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** PATCH /api/categories/:id (admin): a move under itself or its descendants is refused (422 CATEGORY_CYCLE). */
export function updateCategory(id: string, body: UpdateCategoryBody): Promise<CategoryResponse> {
  return api(`/api/categories/${encodeURIComponent(id)}`, CategoryResponse, { method: "PATCH", body });
}

export function useUpdateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCategoryBody }) => updateCategory(id, body),
    // Products show their category's name and slug.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["categories"] }),
        queryClient.invalidateQueries({ queryKey: ["products"] }),
      ]),
  });
}
