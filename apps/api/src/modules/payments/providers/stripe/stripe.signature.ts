import { createHmac, timingSafeEqual } from "node:crypto";

/** Stripe's default tolerance: a signature older than this is refused (replay protection). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | {
      ok: false;
      reason: "malformed_header" | "no_v1_signature" | "no_matching_signature" | "timestamp_outside_tolerance";
      message: string;
    };

/** hex HMAC-SHA256 of `${t}.${rawBody}` keyed by the whole endpoint secret (whsec_… included). */
export function computeStripeSignature(rawBody: Buffer | string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}

/** A Stripe-Signature header value for `rawBody`, as Stripe sends it. */
export function stripeSignatureHeader(rawBody: Buffer | string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeStripeSignature(rawBody, secret, timestamp)}`;
}

/**
 * Verifies a Stripe-Signature header the way stripe-node does: `t` and every `v1` candidate
 * (several during secret rotation; other schemes ignored), a constant-time match against the
 * HMAC of the exact raw bytes, and an age of at most `toleranceSeconds` (a future `t` is accepted).
 */
export function verifyStripeSignature(
  rawBody: Buffer | string,
  header: string | undefined,
  secret: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): SignatureCheck {
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  let timestamp = Number.NaN;
  const candidates: string[] = [];
  for (const part of (header ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") timestamp = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    else if (key === "v1") candidates.push(value);
  }
  if (!Number.isSafeInteger(timestamp)) {
    return { ok: false, reason: "malformed_header", message: "Unable to extract timestamp and signatures from header" };
  }
  if (candidates.length === 0) {
    return { ok: false, reason: "no_v1_signature", message: "No signatures found with expected scheme" };
  }
  const expected = Buffer.from(computeStripeSignature(rawBody, secret, timestamp), "hex");
  const matched = candidates.some((c) => {
    if (!/^[0-9a-f]+$/i.test(c)) return false;
    const given = Buffer.from(c, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matched) {
    return {
      ok: false,
      reason: "no_matching_signature",
      message: "No signatures found matching the expected signature for payload",
    };
  }
  if (tolerance > 0 && now - timestamp > tolerance) {
    return { ok: false, reason: "timestamp_outside_tolerance", message: "Timestamp outside the tolerance zone" };
  }
  return { ok: true, timestamp };
}
