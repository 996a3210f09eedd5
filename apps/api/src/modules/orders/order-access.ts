import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A guest's key to one order. It is not stored: it is an HMAC of the order id under a server
 * secret, so a retried checkout (same Idempotency-Key) hands out the same key again, and nothing
 * in the database lets someone who reads it open guest orders. Changing the secret revokes all keys.
 */
export function createOrderAccessKeys(secret: string) {
  // A key of its own, derived from the server secret, so these MACs never double as anything else.
  const key = createHmac("sha256", secret).update("sokoni:order-access-key:v1").digest();

  function keyFor(orderId: string): string {
    return createHmac("sha256", key).update(orderId).digest("base64url");
  }

  function isValid(orderId: string, candidate: string): boolean {
    const expected = Buffer.from(keyFor(orderId));
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return { keyFor, isValid };
}

export type OrderAccessKeys = ReturnType<typeof createOrderAccessKeys>;
