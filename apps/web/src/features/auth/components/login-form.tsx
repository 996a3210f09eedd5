import { LoginBody } from "@sokoni/contracts";
import { type FormEvent, useState } from "react";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { useLogin } from "@/features/auth/api/login";
import { ApiError } from "@/lib/api-client";

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const mutation = useLogin();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = LoginBody.safeParse({ login: data.get("login"), password: data.get("password") });
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
        setErrors(err.fieldErrors());
        setFormError(err.code === "INVALID_CREDENTIALS" ? "Wrong email/username or password." : err.message);
      } else setFormError("Sign-in failed. Try again.");
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Sign in">
      <FormError message={formError} />
      <Field label="Email or username" name="login" autoComplete="username" required error={errors.login} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <button
        type="submit"
        disabled={mutation.isPending}
        className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {mutation.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
