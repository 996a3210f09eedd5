import { Link, useNavigate, useSearchParams } from "react-router";
import { RegisterForm } from "@/features/auth/components/register-form";
import { safeNext } from "@/lib/safe-next";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Create account");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold">Create your account</h1>
      <RegisterForm onSuccess={() => navigate(next, { replace: true })} />
      <p className="text-sm">
        Already have an account?{" "}
        <Link
          to={`/login${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`}
          className="font-medium text-brand-700 underline"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
