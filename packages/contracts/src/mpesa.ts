import { z } from "zod";

/** Error codes of M-Pesa (Daraja) payments; the UI switches on these, never on message text. */
export const MpesaErrorCode = {
  /** Daraja refused the request's content (e.g. the phone number): the shopper can correct it. */
  MPESA_REQUEST_REFUSED: "MPESA_REQUEST_REFUSED",
  /** Another M-Pesa prompt is open on the phone. */
  MPESA_PHONE_BUSY: "MPESA_PHONE_BUSY",
  /** Daraja is unreachable, failing, or refuses Sokoni's credentials. */
  MPESA_UNAVAILABLE: "MPESA_UNAVAILABLE",
  /** Not a Kenyan mobile number M-Pesa can prompt. */
  INVALID_PHONE_NUMBER: "INVALID_PHONE_NUMBER",
  /** M-Pesa takes Kenyan shillings only. */
  MPESA_CURRENCY_UNSUPPORTED: "MPESA_CURRENCY_UNSUPPORTED",
} as const;
export type MpesaErrorCode = (typeof MpesaErrorCode)[keyof typeof MpesaErrorCode];

export const StkPushBody = z
  .object({
    order_id: z.uuid().describe("The unpaid order to pay"),
    phone_number: z
      .string()
      .trim()
      .min(9)
      .max(16)
      .describe("Safaricom number to prompt: 07XXXXXXXX, 01XXXXXXXX, 2547XXXXXXXX or +2547XXXXXXXX"),
  })
  .strict();
export type StkPushBody = z.infer<typeof StkPushBody>;

export const StkPushResponse = z.object({
  payment_id: z.uuid(),
  checkout_request_id: z.string().describe("Daraja's CheckoutRequestID (the payment's provider_reference)"),
  merchant_request_id: z.string(),
  customer_message: z.string().describe("What Daraja says to show the shopper"),
});
export type StkPushResponse = z.infer<typeof StkPushResponse>;

/**
 * The acknowledgement Daraja expects for STK callbacks and C2B confirmations, and a C2B
 * validation's accept (ResultCode 0) or reject ("C2B00012" invalid account, "C2B00013" invalid amount).
 */
export const DarajaAck = z.object({
  ResultCode: z.union([z.literal(0), z.string()]),
  ResultDesc: z.string(),
});
export type DarajaAck = z.infer<typeof DarajaAck>;
