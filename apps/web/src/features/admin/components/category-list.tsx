import { type CategoryResponse, CreateCategoryBody, UpdateCategoryBody } from "@sokoni/contracts";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Field, FormError, SelectField, TextAreaField } from "@/components/ui/field";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCreateCategory } from "@/features/admin/api/create-category";
import { useDeleteCategory } from "@/features/admin/api/delete-category";
import { useUpdateCategory } from "@/features/admin/api/update-category";
import { CategoryOptions, subtreeIds } from "@/features/admin/components/category-options";
import { useCategories } from "@/features/catalog/api/get-categories";
import { useFormErrors } from "@/lib/use-form-errors";
import { useTitle } from "@/lib/use-title";

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Create, or change `editing`: the contracts' CreateCategoryBody / UpdateCategoryBody on the client,
 * the API's field errors (slug taken, parent gone, a cycle) beside the same fields.
 */
function CategoryForm({
  categories,
  editing,
  onSaved,
}: {
  categories: CategoryResponse[];
  editing?: CategoryResponse;
  onSaved: (category: CategoryResponse, created: boolean) => void;
}) {
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const { errors, formError, send } = useFormErrors();
  const formRef = useRef<HTMLFormElement>(null);
  const pending = create.isPending || update.isPending;

  useEffect(() => {
    if (editing) formRef.current?.querySelector("input")?.focus();
  }, [editing]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = {
      name: text(data, "name") ?? "",
      slug: text(data, "slug"),
      parent_id: text(data, "parent_id") ?? null,
      description: String(data.get("description") ?? ""),
    };
    const parsed = editing ? UpdateCategoryBody.safeParse(values) : CreateCategoryBody.safeParse(values);
    await send<UpdateCategoryBody>(
      parsed,
      async (body) => {
        const saved = editing
          ? await update.mutateAsync({ id: editing.id, body })
          : await create.mutateAsync(body as CreateCategoryBody);
        if (!editing) form.reset();
        onSaved(saved, !editing);
      },
      { failed: "Saving failed. Try again." },
    );
  }

  const title = editing ? `Edit “${editing.name}”` : "New category";
  return (
    <section aria-label={title} className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4">
      <h2 className="font-semibold">{title}</h2>
      <form ref={formRef} onSubmit={submit} noValidate aria-label="Category" className="flex flex-col gap-3">
        <FormError message={formError} />
        <Field label="Name" name="name" required defaultValue={editing?.name} error={errors.name} maxLength={120} />
        <Field
          label="Slug"
          name="slug"
          defaultValue={editing?.slug}
          error={errors.slug}
          hint={
            editing
              ? "Lowercase letters, digits and hyphens; it is in the category's address"
              : "Lowercase letters, digits and hyphens; empty: made from the name"
          }
          maxLength={120}
        />
        <SelectField label="Parent" name="parent_id" defaultValue={editing?.parent_id ?? ""} error={errors.parent_id}>
          <option value="">None (a top-level category)</option>
          {/* A category cannot move under itself or its descendants. */}
          <CategoryOptions
            categories={categories}
            value="id"
            exclude={editing ? subtreeIds(categories, editing.id) : undefined}
          />
        </SelectField>
        <TextAreaField
          label="Description (optional)"
          name="description"
          rows={3}
          maxLength={2000}
          defaultValue={editing?.description}
          error={errors.description}
        />
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
          >
            {pending ? "Saving…" : editing ? "Save changes" : "Create category"}
          </button>
          {editing && (
            <Link to="/admin/categories" className="font-medium text-brand-700 underline">
              Cancel
            </Link>
          )}
        </div>
      </form>
    </section>
  );
}

/** One category's row: name and slug, Edit, and Delete after a confirmation (a 409 shown as the API words it). */
function CategoryRow({ category, onDeleted }: { category: CategoryResponse; onDeleted: (name: string) => void }) {
  const remove = useDeleteCategory();
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [, setParams] = useSearchParams();

  async function confirmDelete() {
    setRefusal(undefined);
    try {
      await remove.mutateAsync(category.id);
      onDeleted(category.name);
    } catch (err) {
      setConfirming(false);
      setRefusal(err instanceof Error ? err.message : "Deleting failed. Try again.");
    }
  }

  return (
    <div className="flex flex-col gap-2 py-2">
      <div className="flex items-center justify-between gap-2">
        <span className="min-w-0 flex-1 break-words">
          <span className="font-medium">{category.name}</span>
          <span className="block text-xs text-stone-600 sm:ml-2 sm:inline">{category.slug}</span>
        </span>
        <span className="flex shrink-0 gap-2">
          <button
            type="button"
            data-tree-row
            onClick={() => setParams({ edit: category.id })}
            className="rounded-md border border-stone-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100"
          >
            Edit<span className="sr-only"> {category.name}</span>
          </button>
          <button
            type="button"
            onClick={() => {
              setRefusal(undefined);
              setConfirming(true);
            }}
            className="rounded-md border border-red-700 bg-white px-3 py-1.5 text-sm font-medium text-red-800"
          >
            Delete<span className="sr-only"> {category.name}</span>
          </button>
        </span>
      </div>
      {confirming && (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-2 text-sm">
          <span>Delete “{category.name}”? Its products become uncategorised.</span>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={confirmDelete}
            className="rounded-md bg-red-700 px-3 py-1.5 font-semibold text-white disabled:opacity-60"
          >
            Yes, delete
          </button>
          <button
            type="button"
            onClick={() => setConfirming(false)}
            className="rounded-md border border-stone-400 bg-white px-3 py-1.5"
          >
            Keep it
          </button>
        </div>
      )}
      <FormError message={refusal} />
    </div>
  );
}

function Branch({
  nodes,
  kids,
  depth,
  describedBy,
  onDeleted,
}: {
  nodes: CategoryResponse[];
  kids: ReadonlyMap<string, CategoryResponse[]>;
  depth: number;
  describedBy?: string;
  onDeleted: (name: string) => void;
}) {
  return (
    <ul
      aria-label={depth === 0 ? "Category tree" : undefined}
      aria-describedby={depth === 0 ? describedBy : undefined}
      className={depth === 0 ? "divide-y divide-stone-200" : "ml-3 border-l-2 border-stone-200 pl-3 sm:ml-5"}
    >
      {nodes.map((c) => (
        <li key={c.id}>
          <CategoryRow category={c} onDeleted={onDeleted} />
          {kids.has(c.id) && (
            <Branch nodes={kids.get(c.id) ?? []} kids={kids} depth={depth + 1} onDeleted={onDeleted} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** ↑/↓ move between rows (their Edit buttons), Home/End to the first/last; Tab walks every button. */
function moveBetweenRows(event: KeyboardEvent<HTMLDivElement>) {
  const keys = ["ArrowDown", "ArrowUp", "Home", "End"];
  if (!keys.includes(event.key)) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("[data-tree-row]")];
  if (rows.length === 0) return;
  const current = rows.findIndex((r) => r.closest("li") === (event.target as HTMLElement).closest("li"));
  if (current < 0) return;
  const next =
    event.key === "Home"
      ? 0
      : event.key === "End"
        ? rows.length - 1
        : Math.min(rows.length - 1, Math.max(0, current + (event.key === "ArrowDown" ? 1 : -1)));
  event.preventDefault();
  rows[next]?.focus();
}

/** The category tree (parents → children, indented) with create, edit and delete. */
export function AdminCategories() {
  useTitle("Admin · Categories");
  const categories = useCategories();
  const [params, setParams] = useSearchParams();
  const [done, setDone] = useState<string>();
  const hintId = useId();
  const editId = params.get("edit");
  const editing = categories.data?.find((c) => c.id === editId);

  const kids = new Map<string, CategoryResponse[]>();
  for (const c of categories.data ?? []) {
    if (c.parent_id) kids.set(c.parent_id, [...(kids.get(c.parent_id) ?? []), c]);
  }
  const roots = (categories.data ?? []).filter((c) => c.parent_id === null);

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Categories</h1>
      <p role="status" className="min-h-5 text-sm text-green-800">
        {done}
      </p>
      {categories.isPending ? (
        <Spinner label="Loading categories" />
      ) : categories.isError ? (
        <ErrorState error={categories.error} onRetry={() => categories.refetch()} />
      ) : (
        <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <section aria-labelledby="category-tree" className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id="category-tree" className="font-semibold">
              {categories.data.length} {categories.data.length === 1 ? "category" : "categories"}
            </h2>
            {roots.length === 0 ? (
              <EmptyState title="No categories yet">Create the first one with the form.</EmptyState>
            ) : (
              <>
                <p id={hintId} className="text-xs text-stone-600">
                  Sub-categories are indented under their parent. ↑ and ↓ move between categories.
                </p>
                {/* biome-ignore lint/a11y/noStaticElementInteractions: keys pressed on the buttons inside bubble here; the div itself takes no focus */}
                <div onKeyDown={moveBetweenRows}>
                  <Branch
                    nodes={roots}
                    kids={kids}
                    depth={0}
                    describedBy={hintId}
                    onDeleted={(name) => {
                      setDone(`Deleted “${name}”.`);
                      if (editing) setParams({});
                    }}
                  />
                </div>
              </>
            )}
          </section>
          <CategoryForm
            key={editing?.id ?? "new"}
            categories={categories.data}
            editing={editing}
            onSaved={(c, created) => {
              setDone(created ? `Created “${c.name}”.` : `Saved “${c.name}”.`);
              if (!created) setParams({});
            }}
          />
        </div>
      )}
    </div>
  );
}
