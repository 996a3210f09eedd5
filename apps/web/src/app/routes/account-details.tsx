import { useAccountUser } from "@/app/account-user";
import { DetailsForm } from "@/features/account/components/details-form";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Your details");
  const user = useAccountUser();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Your details</h1>
      <DetailsForm user={user} />
    </div>
  );
}
