import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { PaymentsErrorCode as E, MockWebhookBody } from "@sokoni/contracts";
import { UnauthorizedError, UpstreamError, ValidationError } from "../../../../platform/errors.ts";
import { formatMinor, MoneyFormatError, toMinor } from "../../../../platform/money.ts";
import type { PaymentProvider, WebhookEvent, WebhookRequest } from "../../payments.providers.ts";

export type MockGatewayConfig = {
  /** Base URL of the gateway (the sandbox simulator); undefined → the provider cannot start payments. */
  url: string | undefined;
  /** Shared secret: Bearer token for our calls, HMAC key of its callbacks. */
  secret: string;
};

const SIGNATURE_HEADER = "x-signature";

/**
 * The built-in mock gateway: a hosted payment page where the shopper presses Pay or Decline,
 * then a webhook signed with HMAC-SHA256 of the raw body (header X-Signature, hex), then the
 * shopper is sent back to the order's page (`publicUrl`), like Stripe's success_url.
 */
export function createMockProvider(
  gateway: MockGatewayConfig,
  urls: { callbackUrl: string; publicUrl: string },
): PaymentProvider {
  const { callbackUrl } = urls;
  return {
    code: "mock",

    async initiate(_ctx, payment) {
      if (!gateway.url) {
        throw new UpstreamError(E.PAYMENT_GATEWAY_ERROR, "The mock payment gateway is not configured");
      }
      const request = {
        payment_id: payment.id,
        amount: formatMinor(payment.amountMinor, payment.currency),
        currency: payment.currency,
        callback_url: callbackUrl,
        // The gateway adds payment_id and status; the order page follows the payment from there.
        return_url: `${urls.publicUrl}/orders/${encodeURIComponent(payment.orderId)}`,
      };
      let res: Response;
      try {
        res = await fetch(new URL("/v1/sessions", gateway.url), {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${gateway.secret}` },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new UpstreamError(
          E.PAYMENT_GATEWAY_ERROR,
          `The payment gateway is unreachable: ${(err as Error).message}`,
        );
      }
      const text = await res.text();
      if (!res.ok) {
        throw new UpstreamError(
          E.PAYMENT_GATEWAY_ERROR,
          `The payment gateway refused the session (HTTP ${res.status})`,
        );
      }
      const response = JSON.parse(text) as { id?: unknown; redirect_url?: unknown };
      if (typeof response.id !== "string" || typeof response.redirect_url !== "string") {
        throw new UpstreamError(E.PAYMENT_GATEWAY_ERROR, "The payment gateway answered without a session");
      }
      return { redirectUrl: response.redirect_url, providerReference: response.id, raw: { request, response } };
    },

    parseWebhook(req: WebhookRequest): WebhookEvent {
      verifySignature(req, gateway.secret);
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody.toString("utf8"));
      } catch {
        throw new ValidationError("The webhook body is not JSON", [], E.INVALID_WEBHOOK);
      }
      const parsed = MockWebhookBody.safeParse(json);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((i) => ({ path: `body.${i.path.join(".")}`, message: i.message }));
        throw new ValidationError("The webhook body is not a mock gateway event", errors, E.INVALID_WEBHOOK);
      }
      const body = parsed.data;
      return {
        // The gateway signs and resends the exact same bytes for one outcome; a hash of them
        // names the event.
        eventKey: createHash("sha256").update(req.rawBody).digest("hex"),
        paymentId: body.payment_id,
        status: body.status,
        amountMinor: parseAmount(body.amount, body.currency),
        currency: body.currency,
        failureReason: body.status === "failed" ? "Declined at the mock gateway" : undefined,
        payload: json,
      };
    },
  };
}

/** hex HMAC-SHA256 of the raw body, compared in constant time. */
export function signMockPayload(rawBody: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

function verifySignature(req: WebhookRequest, secret: string): void {
  const header = req.headers[SIGNATURE_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  const expected = Buffer.from(signMockPayload(req.rawBody, secret), "hex");
  const actual = given && /^[0-9a-f]+$/i.test(given.trim()) ? Buffer.from(given.trim(), "hex") : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new UnauthorizedError("The webhook signature is missing or wrong", E.INVALID_SIGNATURE);
  }
}

function parseAmount(amount: string, currency: string): number | null {
  try {
    return toMinor(amount, currency);
  } catch (err) {
    // An unknown currency code makes Intl throw RangeError; either way it cannot match.
    if (err instanceof MoneyFormatError || err instanceof RangeError) return null;
    throw err;
  }
}
