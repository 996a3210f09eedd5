import { CategoryResponse, type CreateCategoryBody } from "@sokoni/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/categories (admin): 409 CATEGORY_SLUG_TAKEN, 422 PARENT_CATEGORY_NOT_FOUND, with field errors. */
export function createCategory(body: CreateCategoryBody): Promise<CategoryResponse> {
  return api("/api/categories", CategoryResponse, { method: "POST", body });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCategory,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["categories"] }),
  });
}
