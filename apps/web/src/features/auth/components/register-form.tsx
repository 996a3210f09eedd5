import { RegisterBody } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { useRegister } from "@/features/auth/api/register";
import { ApiError } from "@/lib/api-client";

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Sign-up: the contract's RegisterBody rules on the client; the API's field errors beside the same fields. */
export function RegisterForm({ onSuccess }: { onSuccess: () => void }) {
  const mutation = useRegister();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = RegisterBody.safeParse({
      username: text(data, "username") ?? "",
      email: text(data, "email") ?? "",
      phone_number: text(data, "phone_number") ?? "",
      password: data.get("password") ?? "",
      first_name: text(data, "first_name"),
      last_name: text(data, "last_name"),
    });
    setFormError(undefined);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await mutation.mutateAsync(parsed.data);
      onSuccess();
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? "Please correct the marked fields." : err.message);
      } else setFormError("Sign-up failed. Try again.");
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Create account">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" name="first_name" autoComplete="given-name" error={errors.first_name} />
        <Field label="Last name" name="last_name" autoComplete="family-name" error={errors.last_name} />
      </div>
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        required
        error={errors.username}
        hint="3-30 letters, digits, _ . -"
      />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Phone number"
        name="phone_number"
        type="tel"
        autoComplete="tel"
        required
        error={errors.phone_number}
        hint="e.g. 0712345678 — your M-Pesa number"
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.password}
        hint="At least 8 characters"
      />
      <button
        type="submit"
        disabled={mutation.isPending}
        className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {mutation.isPending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
