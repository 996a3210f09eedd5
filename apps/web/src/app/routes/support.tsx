import { Link } from "react-router";
import { SupportForm } from "@/features/support/components/support-form";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Contact support");
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-bold">Contact support</h1>
      <p className="text-stone-700">
        A question about an order, a delivery or a payment? Write to us here; our support team reads every message. If
        it is about an order, give its number and we can look it up straight away. You can follow your orders yourself
        under{" "}
        <Link to="/orders" className="font-medium text-brand-700 underline">
          Orders
        </Link>
        .
      </p>
      <SupportForm />
    </div>
  );
}
