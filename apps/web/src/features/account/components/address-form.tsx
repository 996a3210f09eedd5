import { type AddressResponse, COUNTRY_CODES, CreateAddressBody } from "@sokoni/contracts";
import { type FormEvent, useEffect, useRef } from "react";
import { Field, FormError, SelectField } from "@/components/ui/field";
import { useFormErrors } from "@/lib/use-form-errors";

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
/** Every code the contract accepts, by English name; Kenya first, as most deliveries are local. */
const COUNTRIES = [...COUNTRY_CODES]
  .map((code) => ({ code, name: countryNames.of(code) ?? code }))
  .sort((a, b) => (a.code === "KE" ? -1 : b.code === "KE" ? 1 : a.name.localeCompare(b.name)));

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Add or edit an address with the contract's CreateAddressBody on the client (an edit sends every
 * field, so the same rules hold); the API's field errors (e.g. a phone it cannot read) beside the field.
 * The first field takes the focus on opening, so the form can be filled from the keyboard alone.
 */
export function AddressForm({
  address,
  title,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  address?: AddressResponse;
  title: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (body: CreateAddressBody) => Promise<void>;
  onCancel: () => void;
}) {
  const { errors, formError, send } = useFormErrors();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector("input")?.focus(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = CreateAddressBody.safeParse({
      name: text(data, "name") ?? "",
      phone_number: text(data, "phone_number") ?? "",
      line1: text(data, "line1") ?? "",
      line2: text(data, "line2") ?? null,
      city: text(data, "city") ?? "",
      region: text(data, "region") ?? null,
      postal_code: text(data, "postal_code") ?? null,
      country: text(data, "country") ?? "",
      ...(address?.is_default ? {} : { is_default: data.get("is_default") === "on" }),
    });
    await send(parsed, onSubmit, { failed: "Saving failed. Try again." });
  }

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      aria-label={title}
      className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4"
    >
      <h2 className="text-lg font-semibold">{title}</h2>
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Full name"
          name="name"
          autoComplete="name"
          required
          defaultValue={address?.name}
          error={errors.name}
          hint="Who receives the parcel"
        />
        <Field
          label="Phone number"
          name="phone_number"
          type="tel"
          autoComplete="tel"
          required
          defaultValue={address?.phone_number}
          error={errors.phone_number}
          hint="e.g. 0712345678, for the rider"
        />
        <Field
          label="Address"
          name="line1"
          autoComplete="address-line1"
          required
          defaultValue={address?.line1}
          error={errors.line1}
          hint="Street, building"
        />
        <Field
          label="Apartment, floor (optional)"
          name="line2"
          autoComplete="address-line2"
          defaultValue={address?.line2 ?? ""}
          error={errors.line2}
        />
        <Field
          label="Town or city"
          name="city"
          autoComplete="address-level2"
          required
          defaultValue={address?.city}
          error={errors.city}
        />
        <Field
          label="County (optional)"
          name="region"
          autoComplete="address-level1"
          defaultValue={address?.region ?? ""}
          error={errors.region}
        />
        <Field
          label="Postal code (optional)"
          name="postal_code"
          autoComplete="postal-code"
          defaultValue={address?.postal_code ?? ""}
          error={errors.postal_code}
        />
        <SelectField
          label="Country"
          name="country"
          autoComplete="country"
          defaultValue={address?.country ?? "KE"}
          error={errors.country}
        >
          {COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
      </div>
      {!address?.is_default && (
        <label className="flex items-center gap-2">
          <input type="checkbox" name="is_default" className="size-5" />
          Use as my default address
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {pending ? "Saving…" : submitLabel}
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-stone-400 bg-white px-4 py-2">
          Cancel
        </button>
      </div>
    </form>
  );
}
