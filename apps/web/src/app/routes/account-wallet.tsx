import { useSearchParams } from "react-router";
import { useAccountUser } from "@/app/account-user";
import { WalletLedger } from "@/features/account/components/wallet-ledger";
import { useTitle } from "@/lib/use-title";

export function Component() {
  useTitle("Your wallet");
  const user = useAccountUser();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Your wallet</h1>
      <WalletLedger userId={user.id} page={page} />
    </div>
  );
}
