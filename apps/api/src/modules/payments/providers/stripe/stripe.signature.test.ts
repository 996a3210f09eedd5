import { describe, expect, it } from "vitest";
import { computeStripeSignature, stripeSignatureHeader, verifyStripeSignature } from "./stripe.signature.ts";

// The vector of protocols.md §2.3, computed with Python's hmac.
const SECRET = "whsec_test_secret";
const T = 1700000000;
const BODY = '{"id":"evt_test_1","object":"event","type":"checkout.session.completed"}';
const EXPECTED = "ca796b857b81e24d595a4c37abf88d2fafb533a32ede6ce4cfc9b0e892a35b08";

describe("Stripe-Signature", () => {
  it("computes the known vector: hex HMAC-SHA256 of `t.body` keyed by the whole whsec_ secret", () => {
    expect(computeStripeSignature(BODY, SECRET, T)).toBe(EXPECTED);
    expect(stripeSignatureHeader(Buffer.from(BODY), SECRET, T)).toBe(`t=${T},v1=${EXPECTED}`);
  });

  it("accepts the vector within the tolerance, and a future timestamp", () => {
    expect(verifyStripeSignature(BODY, `t=${T},v1=${EXPECTED}`, SECRET, { now: T + 300 })).toEqual({
      ok: true,
      timestamp: T,
    });
    expect(verifyStripeSignature(BODY, `t=${T},v1=${EXPECTED}`, SECRET, { now: T - 3600 }).ok).toBe(true);
  });

  it("accepts any one of several v1 signatures (secret rotation) and ignores other schemes", () => {
    const header = `t=${T},v1=${"0".repeat(64)},v0=${"1".repeat(64)},v1=${EXPECTED}`;
    expect(verifyStripeSignature(BODY, header, SECRET, { now: T }).ok).toBe(true);
  });

  it("refuses a stale timestamp (older than 300 s)", () => {
    expect(verifyStripeSignature(BODY, `t=${T},v1=${EXPECTED}`, SECRET, { now: T + 301 })).toMatchObject({
      ok: false,
      reason: "timestamp_outside_tolerance",
      message: "Timestamp outside the tolerance zone",
    });
  });

  it("refuses a tampered body, a re-serialised body, a wrong secret and a moved timestamp", () => {
    const header = `t=${T},v1=${EXPECTED}`;
    const opts = { now: T };
    expect(verifyStripeSignature(BODY.replace("evt_test_1", "evt_test_2"), header, SECRET, opts)).toMatchObject({
      ok: false,
      reason: "no_matching_signature",
    });
    expect(verifyStripeSignature(JSON.stringify(JSON.parse(BODY), null, 1), header, SECRET, opts).ok).toBe(false);
    expect(verifyStripeSignature(BODY, header, "whsec_other", opts).ok).toBe(false);
    expect(verifyStripeSignature(BODY, `t=${T + 1},v1=${EXPECTED}`, SECRET, { now: T + 1 }).ok).toBe(false);
  });

  it("refuses a header without a timestamp or without v1 signatures", () => {
    expect(verifyStripeSignature(BODY, undefined, SECRET)).toMatchObject({ reason: "malformed_header" });
    expect(verifyStripeSignature(BODY, `v1=${EXPECTED}`, SECRET)).toMatchObject({ reason: "malformed_header" });
    expect(verifyStripeSignature(BODY, `t=${T},v0=${EXPECTED}`, SECRET, { now: T })).toMatchObject({
      reason: "no_v1_signature",
      message: "No signatures found with expected scheme",
    });
  });
});
