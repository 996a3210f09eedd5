import { CreateProductBody, type ProductResponse, UpdateProductBody } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { Field, FormError, type Issue, issuesToFieldErrors, SelectField, TextAreaField } from "@/components/ui/field";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useCreateProduct } from "@/features/admin/api/create-product";
import { useDeleteProduct } from "@/features/admin/api/delete-product";
import { useUpdateProduct } from "@/features/admin/api/update-product";
import { CategoryOptions } from "@/features/admin/components/category-options";
import { useCategories } from "@/features/catalog/api/get-categories";
import { useMarketplaces } from "@/features/catalog/api/get-marketplaces";
import { useProduct } from "@/features/catalog/api/get-product";
import { useFormErrors } from "@/lib/use-form-errors";
import { useTitle } from "@/lib/use-title";

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The form's values in the contracts' shape (unknown types are left for zod to refuse). */
function readForm(data: FormData) {
  const stock = text(data, "stock");
  return {
    name: text(data, "name") ?? "",
    description: String(data.get("description") ?? ""),
    price: text(data, "price") ?? "",
    currency: text(data, "currency")?.toUpperCase(),
    stock: stock === undefined ? 0 : Number(stock),
    image_url: text(data, "image_url") ?? null,
    images: String(data.get("images") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
    category: text(data, "category") ?? null,
    marketplace: text(data, "marketplace") ?? "sokoni",
    // Matching (ADR 008): the same GTIN or brand + model lines offers up across stores.
    brand: text(data, "brand") ?? null,
    gtin: text(data, "gtin") ?? null,
    external_id: text(data, "external_id") ?? null,
    available: data.get("available") === "on",
  };
}

/** An error on one gallery line (`images.2`) is shown at the textarea, naming the line. */
function galleryError(errors: Record<string, string>): string | undefined {
  for (const [key, message] of Object.entries(errors)) {
    const line = /^images\.(\d+)$/.exec(key);
    if (line) return `Line ${Number(line[1]) + 1}: ${message}`;
    if (key === "images") return message;
  }
  return undefined;
}

/** zod's issues in the admin's words; the price union's "Invalid input" says what an amount looks like. */
function clientErrors(issues: Issue[]): Record<string, string> {
  const out = issuesToFieldErrors(issues);
  if (out.price) out.price = "Enter an amount like 1499.00";
  if (out.stock) out.stock = "Enter a whole number, 0 or more";
  return out;
}

/**
 * Create or edit: the contracts' CreateProductBody / UpdateProductBody on the client, the API's
 * problem+json field errors (e.g. "no such category") beside the same fields.
 */
function ProductForm({
  product,
  pending,
  submitLabel,
  onSubmit,
}: {
  product?: ProductResponse;
  pending: boolean;
  submitLabel: string;
  onSubmit: (body: CreateProductBody | UpdateProductBody) => Promise<void>;
}) {
  const { errors, formError, send } = useFormErrors();
  const creating = product === undefined;
  const categories = useCategories();
  const marketplaces = useMarketplaces();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = readForm(new FormData(event.currentTarget));
    const parsed = creating ? CreateProductBody.safeParse(values) : UpdateProductBody.safeParse(values);
    await send<CreateProductBody | UpdateProductBody>(parsed, onSubmit, {
      failed: "Saving failed. Try again.",
      fieldErrors: clientErrors,
    });
  }

  // The pickers need their lists before the form shows (a select's default applies when it mounts).
  if (categories.isPending || marketplaces.isPending) return <Spinner label="Loading categories and marketplaces" />;
  if (categories.isError) return <ErrorState error={categories.error} onRetry={() => categories.refetch()} />;
  if (marketplaces.isError) return <ErrorState error={marketplaces.error} onRetry={() => marketplaces.refetch()} />;
  // GET /api/marketplaces lists the active ones; a product of a deactivated one keeps its own.
  const marketplaceOptions =
    product && !marketplaces.data.some((m) => m.code === product.marketplace.code)
      ? [...marketplaces.data, { ...product.marketplace, active: false }]
      : marketplaces.data;

  return (
    <form onSubmit={submit} noValidate aria-label="Product" className="flex max-w-2xl flex-col gap-4">
      <FormError message={formError} />
      <Field label="Name" name="name" required defaultValue={product?.name} error={errors.name} />
      <TextAreaField
        label="Description"
        name="description"
        defaultValue={product?.description}
        error={errors.description}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Price"
          name="price"
          inputMode="decimal"
          required
          defaultValue={product?.price}
          error={errors.price}
          hint="In major units, e.g. 1499.00"
        />
        <Field
          label="Currency"
          name="currency"
          defaultValue={product?.currency}
          error={errors.currency}
          hint="ISO code; empty for the store currency (KES)"
          maxLength={3}
        />
        <Field
          label="Stock"
          name="stock"
          type="number"
          min={0}
          step={1}
          defaultValue={product?.stock ?? 0}
          error={errors.stock}
        />
        <SelectField
          label="Category"
          name="category"
          defaultValue={product?.category?.slug ?? ""}
          error={errors.category}
          hint="Sub-categories show their parents"
        >
          <option value="">No category</option>
          <CategoryOptions categories={categories.data} value="slug" />
        </SelectField>
        <SelectField
          label="Marketplace"
          name="marketplace"
          defaultValue={product?.marketplace.code ?? "sokoni"}
          error={errors.marketplace}
        >
          {marketplaceOptions.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
              {m.active ? "" : " (inactive)"}
            </option>
          ))}
        </SelectField>
        <Field
          label="Image URL"
          name="image_url"
          type="url"
          defaultValue={product?.image_url ?? ""}
          error={errors.image_url}
        />
        <Field
          label="Brand"
          name="brand"
          defaultValue={product?.brand ?? ""}
          error={errors.brand}
          hint="Found in the name when left empty"
        />
        <Field
          label="GTIN / EAN / UPC"
          name="gtin"
          inputMode="numeric"
          defaultValue={product?.gtin ?? ""}
          error={errors.gtin}
          hint="Offers with the same code in other stores are shown side by side"
        />
        <Field
          label="Id in its store"
          name="external_id"
          defaultValue={product?.external_id ?? ""}
          error={errors.external_id}
          hint="For a product of another marketplace: its item id there"
        />
      </div>
      <TextAreaField
        label="More pictures"
        name="images"
        hint="For the product page's gallery: one picture URL per line, up to 12."
        defaultValue={product?.images.join("\n") ?? ""}
        error={galleryError(errors)}
      />
      <label className="flex items-center gap-2">
        <input type="checkbox" name="available" defaultChecked={product?.available ?? true} className="size-5" />
        Available for sale
      </label>
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}

export function NewProduct() {
  useTitle("Admin · New product");
  const navigate = useNavigate();
  const create = useCreateProduct();
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/products" className="text-sm font-medium text-brand-700 underline">
        ← All products
      </Link>
      <h1 className="text-2xl font-bold">New product</h1>
      <ProductForm
        pending={create.isPending}
        submitLabel="Create product"
        onSubmit={async (body) => {
          const product = await create.mutateAsync(body as CreateProductBody);
          navigate(`/admin/products/${product.id}?created=1`);
        }}
      />
    </div>
  );
}

/** Archive (PATCH status) or delete (DELETE; the API archives instead when orders or carts refer to it), confirmed first. */
function DangerZone({ product }: { product: ProductResponse }) {
  const navigate = useNavigate();
  const update = useUpdateProduct(product.id);
  const remove = useDeleteProduct();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const archived = product.status === "archived";
  return (
    <section aria-labelledby="danger" className="flex flex-col gap-2 rounded-lg border border-red-200 bg-white p-4">
      <h2 id="danger" className="font-semibold">
        Archive or delete
      </h2>
      <FormError message={error} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={update.isPending}
          onClick={() =>
            update
              .mutateAsync({ status: archived ? "active" : "archived" })
              .catch((err: unknown) => setError(err instanceof Error ? err.message : "Failed"))
          }
          className="rounded-md border border-stone-400 bg-white px-4 py-2 font-medium"
        >
          {archived ? "Restore" : "Archive"}
        </button>
        {!confirming ? (
          <button
            type="button"
            onClick={() => setConfirming(true)}
            className="rounded-md border border-red-700 bg-white px-4 py-2 font-medium text-red-800"
          >
            Delete…
          </button>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            <span>Delete “{product.name}”? This cannot be undone.</span>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() =>
                remove
                  .mutateAsync(product.id)
                  .then(() => navigate("/admin/products"))
                  .catch((err: unknown) => setError(err instanceof Error ? err.message : "Failed"))
              }
              className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white"
            >
              Yes, delete
            </button>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              className="rounded-md border border-stone-400 bg-white px-4 py-2"
            >
              Keep it
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

export function EditProduct() {
  const { id = "" } = useParams();
  const product = useProduct(id);
  const update = useUpdateProduct(id);
  const [saved, setSaved] = useState(false);
  useTitle(product.data ? `Admin · ${product.data.name}` : "Admin · Product");
  const [params] = useSearchParams();
  const created = params.has("created");
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/products" className="text-sm font-medium text-brand-700 underline">
        ← All products
      </Link>
      {product.isPending ? (
        <Spinner label="Loading the product" />
      ) : product.isError ? (
        <ErrorState error={product.error} onRetry={() => product.refetch()} />
      ) : (
        <>
          <h1 className="text-2xl font-bold">Edit {product.data.name}</h1>
          <p role="status" className="text-sm text-green-800">
            {saved ? "Saved." : created ? "Product created." : ""}
          </p>
          <p className="text-sm text-stone-700">
            {product.data.marketplace.name} · {product.data.status}
          </p>
          <ProductForm
            key={product.data.updated_at}
            product={product.data}
            pending={update.isPending}
            submitLabel="Save changes"
            onSubmit={async (body) => {
              setSaved(false);
              await update.mutateAsync(body as UpdateProductBody);
              setSaved(true);
            }}
          />
          <DangerZone product={product.data} />
        </>
      )}
    </div>
  );
}
