import { CategoryResponse } from "@sokoni/contracts";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "@/lib/api-client";

const FlatCategories = z.object({ items: z.array(CategoryResponse), total: z.number() });

/** GET /api/categories (flat, tree order: parents before children). */
export async function getCategories(signal?: AbortSignal): Promise<CategoryResponse[]> {
  return (await api("/api/categories?format=flat", FlatCategories, { signal })).items;
}

export function getCategoriesQueryOptions() {
  return queryOptions({
    queryKey: ["categories"],
    queryFn: ({ signal }) => getCategories(signal),
    staleTime: 5 * 60_000,
  });
}

export function useCategories() {
  return useQuery(getCategoriesQueryOptions());
}
