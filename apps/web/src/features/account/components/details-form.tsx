import { UpdateMeBody, type UserResponse } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/ui/field";
import { useUpdateMe } from "@/features/account/api/update-me";
import { useFormErrors } from "@/lib/use-form-errors";

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
  const { errors, formError, send } = useFormErrors();
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    const parsed = UpdateMeBody.safeParse(changes(new FormData(event.currentTarget), user));
    await send(
      parsed,
      async (body) => {
        if (Object.keys(body).length === 0) {
          setStatus("Nothing to save: your details are unchanged.");
          return;
        }
        await mutation.mutateAsync(body);
        setStatus("Your details are saved.");
      },
      { failed: "Saving failed. Try again." },
    );
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
