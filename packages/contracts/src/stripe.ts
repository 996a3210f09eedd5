import { z } from "zod";
import { PaymentStatus } from "./payments.ts";

/** Sokoni's answer to a Stripe webhook delivery (any 2xx tells Stripe to stop retrying). */
export const StripeWebhookAck = z.object({
  received: z.literal(true),
  duplicate: z.boolean().describe("true when this event id was already received"),
  handled: z
    .enum(["payment", "refund", "ignored"])
    .describe("ignored: an event type (or an object) Sokoni does not act on"),
  payment_status: PaymentStatus.nullable(),
});
export type StripeWebhookAck = z.infer<typeof StripeWebhookAck>;
