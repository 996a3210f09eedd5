import { UpdateMeBody, type UserResponse } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { useUpdateMe } from "@/features/account/api/update-me";
import { ApiError } from "@/lib/api-client";

const FIELDS = ["first_name", "last_name", "email", "phone_number"] as const;

/**
 * Only the fields that changed: an untouched empty phone (accounts made without one) is not sent
 * as "", which the contract refuses, and an unchanged email is not checked again.
 */
function changes(data: FormData, user: UserResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = String(data.get(field) ?? "").trim();
    if (value !== user[field]) out[field] = value;
  }
  return out;
}

/** Name, email and phone: the contract's UpdateMeBody on the client, the API's field errors (e.g. a taken email) beside the field. */
export function DetailsForm({ user }: { user: UserResponse }) {
  const mutation = useUpdateMe();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    setFormError(undefined);
    const candidate = changes(new FormData(event.currentTarget), user);
    const parsed = UpdateMeBody.safeParse(candidate);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      setFormError("Please correct the marked fields.");
      return;
    }
    setErrors({});
    if (Object.keys(parsed.data).length === 0) {
      setStatus("Nothing to save: your details are unchanged.");
      return;
    }
    try {
      await mutation.mutateAsync(parsed.data);
      setStatus("Your details are saved.");
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? "Please correct the marked fields." : err.message);
      } else setFormError("Saving failed. Try again.");
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Your details" className="flex max-w-xl flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="First name"
          name="first_name"
          autoComplete="given-name"
          defaultValue={user.first_name}
          error={errors.first_name}
        />
        <Field
          label="Last name"
          name="last_name"
          autoComplete="family-name"
          defaultValue={user.last_name}
          error={errors.last_name}
        />
      </div>
      <div className="flex flex-col gap-1">
        <span className="text-sm font-medium">Username</span>
        <p className="rounded-md border border-stone-200 bg-stone-50 px-3 py-2" data-testid="username">
          {user.username}
        </p>
        <p className="text-xs text-stone-600">Your sign-in name; it cannot be changed.</p>
      </div>
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={user.email}
        error={errors.email}
      />
      <Field
        label="Phone number"
        name="phone_number"
        type="tel"
        autoComplete="tel"
        defaultValue={user.phone_number}
        error={errors.phone_number}
        hint="e.g. 0712345678 — M-Pesa prompts go here by default"
      />
      <p role="status" className="min-h-5 text-sm font-medium text-green-800">
        {status}
      </p>
      <button
        type="submit"
        disabled={mutation.isPending}
        className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {mutation.isPending ? "Saving…" : "Save details"}
      </button>
    </form>
  );
}
