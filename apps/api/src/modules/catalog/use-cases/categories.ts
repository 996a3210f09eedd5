import type { Ctx } from "../../../platform/ctx.ts";
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import * as repo from "../catalog.repo.ts";

export type Category = {
  id: string;
  parentId: string | null;
  name: string;
  slug: string;
  description: string;
  position: number;
  /** 0 for a root. */
  depth: number;
  /** Slugs from the root down to this category, inclusive. */
  path: string[];
  createdAt: Date;
  updatedAt: Date;
};
export type CategoryTree = Category & { children: CategoryTree[] };
export type CategoryDetail = Category & {
  ancestors: Pick<Category, "id" | "slug" | "name">[];
  children: Pick<Category, "id" | "slug" | "name">[];
};

export type CreateCategoryInput = {
  name: string;
  slug?: string;
  parentId?: string | null;
  description?: string;
  position?: number;
};
export type UpdateCategoryInput = Partial<CreateCategoryInput>;

/** "Phones & Tablets" → "phones-tablets"; diacritics folded ("Café" → "cafe"). */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 120)
    .replace(/^-+|-+$/g, "");
  return slug || "category";
}

/** Orders rows parents-first, siblings by (position, name), and fills depth and path. */
function inTreeOrder(rows: repo.CategoryRow[]): CategoryTree[] {
  const kids = new Map<string | null, repo.CategoryRow[]>();
  for (const row of rows) {
    const list = kids.get(row.parentId) ?? [];
    list.push(row); // rows arrive sorted by (position, name, id)
    kids.set(row.parentId, list);
  }
  const build = (parentId: string | null, depth: number, path: string[]): CategoryTree[] =>
    (kids.get(parentId) ?? []).map((row) => {
      const p = [...path, row.slug];
      return { ...row, depth, path: p, children: build(row.id, depth + 1, p) };
    });
  return build(null, 0, []);
}

function flatten(tree: CategoryTree[], out: Category[] = []): Category[] {
  for (const { children, ...node } of tree) {
    out.push(node);
    flatten(children, out);
  }
  return out;
}

function slugConflict(err: unknown, slug: string): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
    throw new ConflictError("CATEGORY_SLUG_TAKEN", `A category with slug ${slug} already exists`, [
      { path: "slug", message: "is already taken" },
    ]);
  }
  throw err;
}

// Categories are few and read by every category listing (slug → sub-tree ids), so the table is
// kept in process like marketplaces. Writes through this module clear it at once; the TTL bounds
// how long another process's change can go unseen. An unknown slug or id re-reads before it is
// reported missing, so a category created elsewhere is found at once.
const CACHE_TTL_MS = 30_000;

export function createCategories() {
  let cache: { rows: repo.CategoryRow[]; at: number } | undefined;
  let generation = 0;

  /** "cached" reads through the cache, "refresh" re-reads and keeps, "bypass" re-reads and keeps nothing. */
  async function rows(ctx: Ctx, mode: "cached" | "refresh" | "bypass" = "cached"): Promise<repo.CategoryRow[]> {
    if (mode === "cached" && cache && Date.now() - cache.at < CACHE_TTL_MS) return cache.rows;
    const [at, gen] = [Date.now(), generation];
    const loaded = await repo.selectCategories(ctx.db);
    // A read that overlapped a write may hold the old rows: it answers its caller but is not kept.
    if (mode !== "bypass" && gen === generation) cache = { rows: loaded, at };
    return loaded;
  }

  /** Clears the cache around a write (before: nothing stale is served meanwhile; after: the write is seen). */
  async function writing<T>(fn: () => Promise<T>): Promise<T> {
    generation++;
    cache = undefined;
    try {
      return await fn();
    } finally {
      generation++;
      cache = undefined;
    }
  }

  /** Every category, parents before children, with depth and path. */
  async function listCategories(ctx: Ctx): Promise<Category[]> {
    return flatten(inTreeOrder(await rows(ctx)));
  }

  /** The roots, each with its nested children. */
  async function listCategoryTree(ctx: Ctx): Promise<CategoryTree[]> {
    return inTreeOrder(await rows(ctx));
  }

  async function find(
    ctx: Ctx,
    match: (c: Category) => boolean,
    mode: "cached" | "refresh" | "bypass" = "cached",
  ): Promise<Category | undefined> {
    const hit = flatten(inTreeOrder(await rows(ctx, mode))).find(match);
    if (hit || mode !== "cached") return hit;
    return find(ctx, match, "refresh");
  }

  /** The category with this slug (with depth and path), or undefined. */
  async function findCategoryBySlug(ctx: Ctx, slug: string): Promise<Category | undefined> {
    return find(ctx, (c) => c.slug === slug);
  }

  /** The category with this id, or undefined. */
  async function findCategory(ctx: Ctx, id: string): Promise<Category | undefined> {
    return find(ctx, (c) => c.id === id);
  }

  /** A number that changes whenever a category is written through this module (for keys of kept answers). */
  function categoriesVersion(): number {
    return generation;
  }

  /** Ids of the category with this slug and of all its descendants, or undefined for an unknown slug. */
  async function categorySubtreeIds(ctx: Ctx, slug: string): Promise<string[] | undefined> {
    let all = await rows(ctx);
    let root = all.find((c) => c.slug === slug);
    if (!root) {
      all = await rows(ctx, "refresh");
      root = all.find((c) => c.slug === slug);
    }
    if (!root) return undefined;
    const kids = new Map<string, string[]>();
    for (const c of all) if (c.parentId) kids.set(c.parentId, [...(kids.get(c.parentId) ?? []), c.id]);
    const ids = [root.id];
    // A cycle cannot be stored (updateCategory refuses it), but a bounded walk costs nothing.
    for (let i = 0; i < ids.length && ids.length <= all.length; i++) ids.push(...(kids.get(ids[i] as string) ?? []));
    return ids;
  }

  /** The category with its ancestors and direct children. Throws NotFoundError (CATEGORY_NOT_FOUND). */
  async function getCategoryBySlug(ctx: Ctx, slug: string): Promise<CategoryDetail> {
    const found = await findCategoryBySlug(ctx, slug);
    if (!found) throw new NotFoundError("CATEGORY_NOT_FOUND", `No category with slug ${slug}`);
    const all = await listCategories(ctx);
    const bySlug = new Map(all.map((c) => [c.slug, c]));
    const ref = (c: Category) => ({ id: c.id, slug: c.slug, name: c.name });
    return {
      ...found,
      ancestors: found.path.slice(0, -1).flatMap((s) => {
        const a = bySlug.get(s);
        return a ? [ref(a)] : [];
      }),
      children: all.filter((c) => c.parentId === found.id).map(ref),
    };
  }

  async function requireParent(ctx: Ctx, parentId: string): Promise<void> {
    if (!(await repo.selectCategoryBy(ctx.db, { id: parentId }))) {
      throw new BusinessRuleError("PARENT_CATEGORY_NOT_FOUND", `No category with id ${parentId}`, [
        { path: "parent_id", message: "no such category" },
      ]);
    }
  }

  /**
   * Creates a category; the slug is derived from the name when absent.
   * Throws ConflictError (CATEGORY_SLUG_TAKEN), BusinessRuleError (PARENT_CATEGORY_NOT_FOUND).
   */
  async function createCategory(ctx: Ctx, input: CreateCategoryInput): Promise<Category> {
    const slug = input.slug ?? slugify(input.name);
    if (input.parentId) await requireParent(ctx, input.parentId);
    const row = await writing(() =>
      repo.insertCategory(ctx.db, {
        id: newId(),
        name: input.name,
        slug,
        parentId: input.parentId ?? null,
        description: input.description ?? "",
        position: input.position ?? 0,
      }),
    ).catch((err) => slugConflict(err, slug));
    // Read uncached: inside a transaction that may still roll back, nothing is kept.
    return (await find(ctx, (c) => c.id === row.id, "bypass")) as Category;
  }

  /**
   * Changes a category; a new parent must exist and must not be the category or its descendant.
   * Throws NotFoundError, ConflictError (CATEGORY_SLUG_TAKEN), BusinessRuleError (CATEGORY_CYCLE, PARENT_CATEGORY_NOT_FOUND).
   */
  async function updateCategory(ctx: Ctx, id: string, input: UpdateCategoryInput): Promise<Category> {
    if (!(await repo.selectCategoryBy(ctx.db, { id }))) {
      throw new NotFoundError("CATEGORY_NOT_FOUND", `No category with id ${id}`);
    }
    if (input.parentId) {
      await requireParent(ctx, input.parentId);
      if (await repo.isSelfOrAncestor(ctx.db, id, input.parentId)) {
        throw new BusinessRuleError("CATEGORY_CYCLE", "A category cannot be moved under itself or its descendants", [
          { path: "parent_id", message: "would create a cycle" },
        ]);
      }
    }
    const patch = Object.fromEntries(
      Object.entries({
        name: input.name,
        slug: input.slug,
        parentId: input.parentId,
        description: input.description,
        position: input.position,
      }).filter(([, v]) => v !== undefined),
    );
    await writing(() => repo.updateCategory(ctx.db, id, patch)).catch((err) => slugConflict(err, input.slug ?? ""));
    return (await find(ctx, (c) => c.id === id, "bypass")) as Category;
  }

  /**
   * Deletes a category; its products become uncategorised.
   * Throws NotFoundError, ConflictError (CATEGORY_HAS_CHILDREN) while it has sub-categories.
   */
  async function removeCategory(ctx: Ctx, id: string): Promise<void> {
    const hasKids = () =>
      new ConflictError("CATEGORY_HAS_CHILDREN", "Move or delete the sub-categories of this category first");
    if (await repo.hasChildren(ctx.db, id)) throw hasKids();
    const deleted = await writing(() => repo.deleteCategory(ctx.db, id)).catch((err) => {
      if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION) throw hasKids();
      throw err;
    });
    if (!deleted) throw new NotFoundError("CATEGORY_NOT_FOUND", `No category with id ${id}`);
  }

  return {
    listCategories,
    listCategoryTree,
    findCategoryBySlug,
    findCategory,
    categorySubtreeIds,
    categoriesVersion,
    getCategoryBySlug,
    createCategory,
    updateCategory,
    removeCategory,
  };
}
