import { z } from "zod";
import { PageQuery, pageOf, Timestamp } from "./common.ts";

/** Error codes of the support endpoints; the UI switches on these, never on message text. */
export const SupportErrorCode = {
  SUPPORT_MESSAGE_NOT_FOUND: "SUPPORT_MESSAGE_NOT_FOUND",
  /** The order number given is not an order of the sender (own account, or placed with that email). */
  SUPPORT_ORDER_NOT_FOUND: "SUPPORT_ORDER_NOT_FOUND",
  RATE_LIMITED: "RATE_LIMITED",
} as const;
export type SupportErrorCode = (typeof SupportErrorCode)[keyof typeof SupportErrorCode];

export const SUPPORT_STATUSES = ["open", "resolved"] as const;
export const SupportStatus = z
  .enum(SUPPORT_STATUSES)
  .describe("open: waiting for the team; resolved: answered and closed (it can be reopened)");
export type SupportStatus = z.infer<typeof SupportStatus>;

export const SUPPORT_MESSAGE_MIN = 10;
export const SUPPORT_MESSAGE_MAX = 5000;

/** What a shopper sends from the contact form (guest or signed in). */
export const SupportMessageBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe("How we address the sender"),
    email: z.email().max(254).describe("Where the acknowledgement and our answer go"),
    subject: z.string().trim().min(3).max(150).describe("What the message is about, in a few words"),
    order_number: z
      .string()
      .trim()
      .max(20)
      .regex(/^(SK-?)?\d{1,15}$/i, "must be an order number such as SK-100042")
      .optional()
      .describe("The order it is about, as shown on the confirmation (SK-100042); optional"),
    message: z.string().trim().min(SUPPORT_MESSAGE_MIN).max(SUPPORT_MESSAGE_MAX).describe("10-5000 characters"),
  })
  .strict();
export type SupportMessageBody = z.infer<typeof SupportMessageBody>;

export const SupportMessageCreatedResponse = z.object({
  id: z.uuid(),
  reference: z.string().describe("What the shopper quotes when writing again, e.g. SUP-1042"),
  status: SupportStatus,
  created_at: Timestamp,
});
export type SupportMessageCreatedResponse = z.infer<typeof SupportMessageCreatedResponse>;

export const SupportMessageResponse = z.object({
  id: z.uuid(),
  reference: z.string().describe("e.g. SUP-1042"),
  status: SupportStatus,
  name: z.string(),
  email: z.string(),
  subject: z.string(),
  order_number: z.string().nullable().describe("As the sender gave it, normalized to SK-…"),
  order_id: z.uuid().nullable().describe("The order it is about, when one was given"),
  message: z.string(),
  user_id: z.uuid().nullable().describe("The sender's account when they were signed in"),
  created_at: Timestamp,
  status_changed_at: Timestamp.nullable().describe("When it was last resolved or reopened"),
  status_changed_by: z
    .object({ id: z.uuid(), email: z.string() })
    .nullable()
    .describe("Who last resolved or reopened it"),
});
export type SupportMessageResponse = z.infer<typeof SupportMessageResponse>;

export const SupportListQuery = PageQuery.extend({ status: SupportStatus.optional() }).strict();
export type SupportListQuery = z.infer<typeof SupportListQuery>;

export const SupportListResponse = pageOf(SupportMessageResponse);
export type SupportListResponse = z.infer<typeof SupportListResponse>;

export const SupportStatusBody = z
  .object({ status: SupportStatus.describe("resolved to close the message, open to reopen it") })
  .strict();
export type SupportStatusBody = z.infer<typeof SupportStatusBody>;
