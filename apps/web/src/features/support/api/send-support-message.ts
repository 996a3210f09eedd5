import { type SupportMessageBody, SupportMessageCreatedResponse } from "@sokoni/contracts";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** POST /api/support: guest or signed in (the session's token links the account). */
export function sendSupportMessage(body: SupportMessageBody): Promise<SupportMessageCreatedResponse> {
  return api("/api/support", SupportMessageCreatedResponse, { method: "POST", body });
}

export function useSendSupportMessage() {
  return useMutation({ mutationFn: sendSupportMessage });
}
