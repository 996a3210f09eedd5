import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** DELETE /api/categories/:id (admin): 409 CATEGORY_HAS_CHILDREN while it has sub-categories; its products become uncategorised. */
export function deleteCategory(id: string): Promise<void> {
  return api(`/api/categories/${encodeURIComponent(id)}`, null, { method: "DELETE" });
}

export function useDeleteCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCategory,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["categories"] }),
        queryClient.invalidateQueries({ queryKey: ["products"] }),
      ]),
  });
}
