import { Link, useNavigate, useSearchParams } from "react-router";
import { LoginForm } from "@/features/auth/components/login-form";
import { safeNext } from "@/lib/safe-next";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Sign in");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <LoginForm onSuccess={() => navigate(next, { replace: true })} />
      <p className="text-sm">
        New to Sokoni?{" "}
        <Link
          to={`/register${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`}
          className="font-medium text-brand-700 underline"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
