import {
  type AdminMarketplaceResponse,
  CreateMarketplaceBody,
  DEFAULT_TIME_BUDGET_MS,
  EXTERNAL_MARKETPLACE_KINDS,
  MARKETPLACE_SHIPS_TO,
  type MarketplaceKind,
  SUGGESTED_CREDENTIAL_NAMES,
  UpdateMarketplaceBody,
} from "@sokoni/contracts";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useCreateMarketplace } from "@/features/admin/api/marketplace-create";
import { useDeleteMarketplace } from "@/features/admin/api/marketplace-delete";
import { useAdminMarketplace } from "@/features/admin/api/marketplace-detail";
import { useUpdateMarketplace } from "@/features/admin/api/marketplace-update";
import { KIND_LABEL, SHIPS_TO_LABEL } from "@/features/admin/components/marketplace-list";
import { ApiError } from "@/lib/api-client";
import { useTitle } from "@/lib/use-title";

type Issue = Parameters<typeof issuesToFieldErrors>[0][number];
type CredentialRow = { name: string; value: string };

const CORRECT = "Please correct the marked fields.";
const NUMBER_FIELDS = ["rating", "time_budget_ms", "rate_limit_per_min"];

function text(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === "string" ? v.trim() : "";
}

const numberOrNull = (s: string) => (s === "" ? null : Number(s));

/** The textarea's JSON, or an error in the admin's words. */
function readAdapterConfig(raw: string): { value: unknown } | { error: string } {
  if (raw === "") return { value: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === "object" && !Array.isArray(value)) return { value };
  } catch {
    // worded below
  }
  return { error: 'Enter a JSON object, e.g. {"marketplace_id": "EBAY_US"}' };
}

/** zod's issues in the admin's words: a number field that holds no number says so. */
function clientErrors(issues: Issue[]): Record<string, string> {
  const out = issuesToFieldErrors(issues);
  for (const key of NUMBER_FIELDS) {
    const issue = issues.find((i) => i.path.join(".") === key);
    if (issue?.code === "invalid_type") out[key] = "Enter a number";
  }
  return out;
}

function LabelledSelect({
  label,
  name,
  defaultValue,
  value,
  onChange,
  disabled,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  disabled?: boolean;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        value={value}
        disabled={disabled}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : "", hint ? `${id}-hint` : ""].join(" ").trim() || undefined}
        className={`rounded-md border bg-white px-3 py-2 disabled:bg-stone-100 ${error ? "border-red-600" : "border-stone-400"}`}
      >
        {children}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function TextArea({
  label,
  name,
  defaultValue,
  error,
  hint,
  rows = 3,
}: {
  label: string;
  name: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  rows?: number;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : "", hint ? `${id}-hint` : ""].join(" ").trim() || undefined}
        className={`rounded-md border bg-white px-3 py-2 font-mono text-sm ${error ? "border-red-600" : "border-stone-400"}`}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * Secrets as password inputs that are never pre-filled. Saved ones are listed by name: an empty
 * value keeps the saved one, a new value replaces it, Remove drops it. New rows take a name and a value.
 */
function CredentialsFieldset({
  saved,
  savedValues,
  setSavedValues,
  removed,
  setRemoved,
  forgetAll,
  setForgetAll,
  rows,
  setRows,
  errors,
}: {
  saved: string[];
  savedValues: Record<string, string>;
  setSavedValues: (v: Record<string, string>) => void;
  removed: string[];
  setRemoved: (v: string[]) => void;
  forgetAll: boolean;
  setForgetAll: (v: boolean) => void;
  rows: CredentialRow[];
  setRows: (rows: CredentialRow[]) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4">
      <legend className="px-1 font-semibold">Credentials</legend>
      <p className="text-sm text-stone-700">
        Stored encrypted and never shown again.
        {saved.length > 0 && " Leave a value empty to keep the saved one."}
      </p>
      <FormError message={errors.credentials} />
      {saved.map((name) => (
        <div key={name} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              label={`${name} (saved)`}
              name={`saved-credential-${name}`}
              type="password"
              autoComplete="new-password"
              placeholder="Leave empty to keep the saved value"
              value={savedValues[name] ?? ""}
              disabled={forgetAll || removed.includes(name)}
              onChange={(e) => setSavedValues({ ...savedValues, [name]: e.target.value })}
              error={errors[`credentials.${name}`]}
            />
          </div>
          <label className="flex items-center gap-2 py-2 text-sm">
            <input
              type="checkbox"
              className="size-5"
              checked={removed.includes(name)}
              disabled={forgetAll}
              onChange={(e) => setRemoved(e.target.checked ? [...removed, name] : removed.filter((n) => n !== name))}
            />
            Remove {name}
          </label>
        </div>
      ))}
      {rows.map((row, i) => (
        // Rows have no identity but their place; they are only added at the end or removed by index.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={i} className="grid gap-2 sm:grid-cols-2">
          <Field
            label={`New credential ${i + 1}: name`}
            name={`credential-name-${i}`}
            value={row.name}
            autoComplete="off"
            disabled={forgetAll}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, name: e.target.value } : r)))}
            error={errors[`credential-name-${i}`]}
            hint="e.g. client_id"
          />
          <Field
            label={`New credential ${i + 1}: value`}
            name={`credential-value-${i}`}
            type="password"
            autoComplete="new-password"
            value={row.value}
            disabled={forgetAll}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))}
            error={row.name ? errors[`credentials.${row.name}`] : undefined}
          />
        </div>
      ))}
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          disabled={forgetAll}
          onClick={() => setRows([...rows, { name: "", value: "" }])}
          className="rounded-md border border-stone-400 bg-white px-3 py-2 text-sm font-medium hover:bg-stone-100"
        >
          Add a credential
        </button>
        {saved.length > 0 && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-5"
              checked={forgetAll}
              onChange={(e) => setForgetAll(e.target.checked)}
            />
            Forget all saved credentials
          </label>
        )}
      </div>
    </fieldset>
  );
}

/**
 * Create or edit with the contracts' CreateMarketplaceBody / UpdateMarketplaceBody on the client
 * and the API's problem+json field errors (a taken code, the house store's rules) beside the fields.
 */
function MarketplaceForm({
  marketplace,
  pending,
  submitLabel,
  onSubmit,
}: {
  marketplace?: AdminMarketplaceResponse;
  pending: boolean;
  submitLabel: string;
  onSubmit: (body: CreateMarketplaceBody | UpdateMarketplaceBody) => Promise<void>;
}) {
  const creating = marketplace === undefined;
  const isHouse = marketplace?.kind === "house";
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [kind, setKind] = useState<MarketplaceKind>(marketplace?.kind ?? "generic");
  const saved = marketplace?.credential_names ?? [];
  const [savedValues, setSavedValues] = useState<Record<string, string>>({});
  const [removed, setRemoved] = useState<string[]>([]);
  const [forgetAll, setForgetAll] = useState(false);
  const [rows, setRows] = useState<CredentialRow[]>(() =>
    creating ? SUGGESTED_CREDENTIAL_NAMES.generic.map((name) => ({ name, value: "" })) : [],
  );

  function changeKind(next: string) {
    const k = next as MarketplaceKind;
    setKind(k);
    // Offer the new kind's credential names while nothing has been typed into the values.
    if (creating && rows.every((r) => r.value === "")) {
      setRows(SUGGESTED_CREDENTIAL_NAMES[k].map((name) => ({ name, value: "" })));
    }
  }

  /** The credentials part of the body; undefined sends nothing (the saved ones stay). */
  function credentialsBody(local: Record<string, string>) {
    if (forgetAll) return null;
    const out: Record<string, string | null> = {};
    for (const name of saved) {
      if (removed.includes(name)) out[name] = null;
      else if (savedValues[name]) out[name] = savedValues[name];
    }
    rows.forEach((r, i) => {
      const name = r.name.trim();
      if (r.value === "") return;
      if (name === "") local[`credential-name-${i}`] = "Name this credential";
      else out[name] = r.value;
    });
    return Object.keys(out).length > 0 ? out : undefined;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const local: Record<string, string> = {};
    const config = readAdapterConfig(text(data, "adapter_config"));
    if ("error" in config) local.adapter_config = config.error;
    const timeBudget = text(data, "time_budget_ms");
    const credentials = credentialsBody(local);
    const values = {
      ...(creating ? { code: text(data, "code") } : {}),
      name: text(data, "name"),
      ...(isHouse ? {} : { kind }),
      description: text(data, "description"),
      logo_url: text(data, "logo_url") || null,
      website_url: text(data, "website_url") || null,
      rating: numberOrNull(text(data, "rating")),
      currency: text(data, "currency").toUpperCase(),
      ships_to: text(data, "ships_to"),
      api_base_url: text(data, "api_base_url") || null,
      adapter_config: "value" in config ? config.value : {},
      time_budget_ms: timeBudget === "" ? DEFAULT_TIME_BUDGET_MS : Number(timeBudget),
      rate_limit_per_min: numberOrNull(text(data, "rate_limit_per_min")),
      ...(isHouse ? {} : { active: data.get("active") === "on" }),
      ...(credentials === undefined ? {} : { credentials }),
    };
    const parsed = creating ? CreateMarketplaceBody.safeParse(values) : UpdateMarketplaceBody.safeParse(values);
    setFormError(undefined);
    const fieldErrors = { ...(parsed.success ? {} : clientErrors(parsed.error.issues)), ...local };
    if (!parsed.success || Object.keys(local).length > 0) {
      setErrors(fieldErrors);
      setFormError(CORRECT);
      return;
    }
    setErrors({});
    try {
      await onSubmit(parsed.data as CreateMarketplaceBody | UpdateMarketplaceBody);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? CORRECT : err.message);
      } else setFormError("Saving failed. Try again.");
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Marketplace" className="flex max-w-2xl flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        {creating && (
          <Field
            label="Code"
            name="code"
            required
            autoComplete="off"
            error={errors.code}
            hint="Lowercase letters, digits and dashes, e.g. ebay-us; it cannot change later"
          />
        )}
        <Field label="Name" name="name" required defaultValue={marketplace?.name} error={errors.name} />
        <LabelledSelect
          label="Kind"
          name="kind"
          value={kind}
          onChange={changeKind}
          disabled={isHouse}
          error={errors.kind}
          hint={isHouse ? "The house store is always Sokoni's own stock" : "Which adapter talks to the store"}
        >
          {isHouse && <option value="house">{KIND_LABEL.house}</option>}
          {EXTERNAL_MARKETPLACE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </LabelledSelect>
        <LabelledSelect
          label="Delivery"
          name="ships_to"
          defaultValue={marketplace?.ships_to ?? "warehouse"}
          error={errors.ships_to}
        >
          {MARKETPLACE_SHIPS_TO.map((s) => (
            <option key={s} value={s}>
              {SHIPS_TO_LABEL[s]}
            </option>
          ))}
        </LabelledSelect>
        <Field
          label="Currency"
          name="currency"
          required
          maxLength={3}
          defaultValue={marketplace?.currency}
          error={errors.currency}
          hint="ISO code the store prices in, e.g. USD"
        />
        <Field
          label="Rating"
          name="rating"
          type="number"
          min={0}
          max={5}
          step={0.1}
          defaultValue={marketplace?.rating ?? ""}
          error={errors.rating}
          hint="0–5; empty when unknown"
        />
        <Field
          label="Logo URL"
          name="logo_url"
          type="url"
          defaultValue={marketplace?.logo_url ?? ""}
          error={errors.logo_url}
        />
        <Field
          label="Website"
          name="website_url"
          type="url"
          defaultValue={marketplace?.website_url ?? ""}
          error={errors.website_url}
        />
      </div>
      <TextArea
        label="Description"
        name="description"
        defaultValue={marketplace?.description}
        error={errors.description}
      />
      <fieldset className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4">
        <legend className="px-1 font-semibold">Adapter</legend>
        <Field
          label="API base URL"
          name="api_base_url"
          type="url"
          defaultValue={marketplace?.api_base_url ?? ""}
          error={errors.api_base_url}
          hint="Where the adapter sends its calls, e.g. https://api.ebay.com"
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Time budget (ms)"
            name="time_budget_ms"
            type="number"
            min={100}
            max={30000}
            step={100}
            defaultValue={marketplace?.time_budget_ms ?? DEFAULT_TIME_BUDGET_MS}
            error={errors.time_budget_ms}
            hint="A search stops waiting for this store after it"
          />
          <Field
            label="Rate limit (calls per minute)"
            name="rate_limit_per_min"
            type="number"
            min={1}
            step={1}
            defaultValue={marketplace?.rate_limit_per_min ?? ""}
            error={errors.rate_limit_per_min}
            hint="Empty: no limit"
          />
        </div>
        <TextArea
          label="Adapter config (JSON)"
          name="adapter_config"
          rows={4}
          defaultValue={marketplace ? JSON.stringify(marketplace.adapter_config, null, 2) : "{}"}
          error={errors.adapter_config}
          hint='e.g. {"marketplace_id": "EBAY_US"} for eBay, {"region": "us-east-1", "partner_tag": "…"} for Amazon'
        />
      </fieldset>
      {!isHouse && (
        <CredentialsFieldset
          saved={saved}
          savedValues={savedValues}
          setSavedValues={setSavedValues}
          removed={removed}
          setRemoved={setRemoved}
          forgetAll={forgetAll}
          setForgetAll={setForgetAll}
          rows={rows}
          setRows={setRows}
          errors={errors}
        />
      )}
      {!isHouse && (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={marketplace?.active ?? true} className="size-5" />
          Active (searched and shown to shoppers)
        </label>
      )}
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

export function NewMarketplace() {
  useTitle("Admin · New marketplace");
  const navigate = useNavigate();
  const create = useCreateMarketplace();
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/marketplaces" className="text-sm font-medium text-brand-700 underline">
        ← All marketplaces
      </Link>
      <h1 className="text-2xl font-bold">New marketplace</h1>
      <MarketplaceForm
        pending={create.isPending}
        submitLabel="Create marketplace"
        onSubmit={async (body) => {
          const created = await create.mutateAsync(body as CreateMarketplaceBody);
          navigate(`/admin/marketplaces/${created.code}`, { state: { message: `${created.name} was created.` } });
        }}
      />
    </div>
  );
}

/** Delete after a confirmation; the API deactivates instead while products refer to the store, and says so. */
function DangerZone({
  marketplace,
  onDeactivated,
}: {
  marketplace: AdminMarketplaceResponse;
  onDeactivated: (m: string) => void;
}) {
  const navigate = useNavigate();
  const remove = useDeleteMarketplace();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <section aria-labelledby="danger" className="flex flex-col gap-2 rounded-lg border border-red-200 bg-white p-4">
      <h2 id="danger" className="font-semibold">
        Delete
      </h2>
      <p className="text-sm text-stone-700">A store that still has products is deactivated instead.</p>
      <FormError message={error} />
      {!confirming ? (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="self-start rounded-md border border-red-700 bg-white px-4 py-2 font-medium text-red-800"
        >
          Delete…
        </button>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <span>Delete “{marketplace.name}”?</span>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() =>
              remove
                .mutateAsync(marketplace.code)
                .then((res) => {
                  setConfirming(false);
                  if (res.outcome === "deleted") navigate("/admin/marketplaces", { state: { message: res.detail } });
                  else onDeactivated(res.detail);
                })
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
    </section>
  );
}

export function EditMarketplace() {
  const { code = "" } = useParams();
  const marketplace = useAdminMarketplace(code);
  const update = useUpdateMarketplace();
  // "Created" arrives with the navigation from the new-marketplace form.
  const location = useLocation();
  const [message, setMessage] = useState(() => (location.state as { message?: string } | null)?.message ?? "");
  useTitle(marketplace.data ? `Admin · ${marketplace.data.name}` : "Admin · Marketplace");
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/marketplaces" className="text-sm font-medium text-brand-700 underline">
        ← All marketplaces
      </Link>
      {marketplace.isPending ? (
        <Spinner label="Loading the marketplace" />
      ) : marketplace.isError ? (
        <ErrorState error={marketplace.error} onRetry={() => marketplace.refetch()} />
      ) : (
        <>
          <h1 className="text-2xl font-bold">Edit {marketplace.data.name}</h1>
          <p role="status" className="min-h-5 text-sm text-green-800">
            {message}
          </p>
          <p className="text-sm text-stone-700">
            {marketplace.data.code} · {KIND_LABEL[marketplace.data.kind]} ·{" "}
            {marketplace.data.active ? "active" : "inactive"}
            {" · "}
            {marketplace.data.has_credentials
              ? `credentials saved: ${marketplace.data.credential_names.join(", ")}`
              : "no credentials saved"}
          </p>
          <MarketplaceForm
            key={marketplace.data.updated_at}
            marketplace={marketplace.data}
            pending={update.isPending}
            submitLabel="Save changes"
            onSubmit={async (body) => {
              setMessage("");
              const saved = await update.mutateAsync({ code, body: body as UpdateMarketplaceBody });
              setMessage(`Saved ${saved.name}.`);
            }}
          />
          {marketplace.data.kind !== "house" && (
            <DangerZone marketplace={marketplace.data} onDeactivated={setMessage} />
          )}
        </>
      )}
    </div>
  );
}
