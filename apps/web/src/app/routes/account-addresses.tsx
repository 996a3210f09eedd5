import { useAccountUser } from "@/app/account-user";
import { AddressBook } from "@/features/account/components/address-book";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Your addresses");
  const user = useAccountUser();
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-bold">Your addresses</h1>
      <p className="text-stone-700">Saved addresses appear at checkout; the default one is listed first.</p>
      <AddressBook userId={user.id} />
    </div>
  );
}
