import type { CategoryResponse } from "@sokoni/contracts";

/** "Home › Kitchen › Cookware": the names from the root down to this category. */
export function categoryPath(category: CategoryResponse, byId: ReadonlyMap<string, CategoryResponse>): string {
  const names = [category.name];
  let parent = category.parent_id ? byId.get(category.parent_id) : undefined;
  // The API refuses cycles; the bound only guards a list changed mid-read.
  for (let i = 0; parent && i < byId.size; i++) {
    names.unshift(parent.name);
    parent = parent.parent_id ? byId.get(parent.parent_id) : undefined;
  }
  return names.join(" › ");
}

/**
 * <option>s for the flat category list (tree order, parents first), each labelled with its path.
 * `value` picks what each option submits; `exclude` leaves some out (a category and its descendants
 * when choosing its own parent).
 */
export function CategoryOptions({
  categories,
  value,
  exclude,
}: {
  categories: CategoryResponse[];
  value: "id" | "slug";
  exclude?: ReadonlySet<string>;
}) {
  const byId = new Map(categories.map((c) => [c.id, c]));
  return (
    <>
      {categories
        .filter((c) => !exclude?.has(c.id))
        .map((c) => (
          <option key={c.id} value={c[value]}>
            {categoryPath(c, byId)}
          </option>
        ))}
    </>
  );
}

/** The category and all its descendants (ids), from the flat list. */
export function subtreeIds(categories: CategoryResponse[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  // Tree order puts every child after its parent, so one pass finds the whole sub-tree.
  for (const c of categories) if (c.parent_id && ids.has(c.parent_id)) ids.add(c.id);
  return ids;
}
