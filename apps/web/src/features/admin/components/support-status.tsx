import type { SupportStatus } from "@sokoni/contracts";

const STYLES: Record<SupportStatus, string> = {
  open: "bg-amber-100 text-amber-900",
  resolved: "bg-green-100 text-green-900",
};

export function SupportStatusBadge({ status }: { status: SupportStatus }) {
  return (
    <span className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${STYLES[status]}`} data-testid="support-status">
      {status === "open" ? "Open" : "Resolved"}
    </span>
  );
}
