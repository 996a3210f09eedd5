import { z } from "zod";
import { PageQuery, pageOf, Timestamp } from "./common.ts";

export const NotificationsErrorCode = {
  EMAIL_NOT_FOUND: "EMAIL_NOT_FOUND",
} as const;
export type NotificationsErrorCode = (typeof NotificationsErrorCode)[keyof typeof NotificationsErrorCode];

export const EMAIL_TEMPLATES = [
  "order_confirmation",
  "payment_received",
  "payment_failed",
  "order_expired",
  "support_received",
] as const;
export const EmailTemplate = z.enum(EMAIL_TEMPLATES).describe("Which email this is");
export type EmailTemplate = z.infer<typeof EmailTemplate>;

export const EMAIL_STATUSES = ["queued", "sent", "failed"] as const;
export const EmailStatus = z
  .enum(EMAIL_STATUSES)
  .describe("queued: waiting for (another) delivery attempt; sent: accepted by SMTP; failed: retries used up");
export type EmailStatus = z.infer<typeof EmailStatus>;

export const EmailListQuery = PageQuery.extend({
  to: z.string().trim().min(1).max(320).optional().describe("Only emails to this address (case-insensitive)"),
  template: EmailTemplate.optional(),
  status: EmailStatus.optional(),
});
export type EmailListQuery = z.infer<typeof EmailListQuery>;

export const EmailSummaryResponse = z.object({
  id: z.uuid(),
  message_id: z.string().describe("RFC 5322 Message-ID, stable across retries"),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  template: EmailTemplate.nullable().describe("null for a message the local catcher received from elsewhere"),
  status: EmailStatus,
  error: z.string().nullable().describe("The last delivery error"),
  attempts: z.number().int().describe("Delivery attempts made"),
  created_at: Timestamp,
  sent_at: Timestamp.nullable(),
  caught_at: Timestamp.nullable().describe("When the local mail catcher received it (no SMTP_URL)"),
});
export type EmailSummaryResponse = z.infer<typeof EmailSummaryResponse>;

export const EmailResponse = EmailSummaryResponse.extend({
  text: z.string(),
  html: z.string().nullable(),
});
export type EmailResponse = z.infer<typeof EmailResponse>;

export const EmailListResponse = pageOf(EmailSummaryResponse);
export type EmailListResponse = z.infer<typeof EmailListResponse>;
