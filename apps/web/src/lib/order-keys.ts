/**
 * Keys to guests' orders (`order_access_key` from checkout), kept in this browser's localStorage
 * so a guest can reload the confirmation, come back from a card page, or pay again. The key opens
 * that one order and nothing else; a signed-in shopper's orders never have one.
 */
const STORAGE_KEY = "sokoni_order_keys";
// A guest buying often keeps the newest few; older orders stay reachable from the email's link.
const MAX_KEYS = 20;

type Stored = { orderId: string; key: string }[];

function read(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(parsed)
      ? parsed.filter((e): e is Stored[number] => typeof e?.orderId === "string" && typeof e?.key === "string")
      : [];
  } catch {
    return [];
  }
}

export function rememberOrderKey(orderId: string, key: string): void {
  const kept = [{ orderId, key }, ...read().filter((e) => e.orderId !== orderId)].slice(0, MAX_KEYS);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the key still works for this page's life through the query cache.
  }
}

export function orderKeyOf(orderId: string): string | undefined {
  return read().find((e) => e.orderId === orderId)?.key;
}

/** The X-Order-Key header for requests on this order, when this browser holds its key. */
export function orderKeyHeaders(orderId: string): Record<string, string> {
  const key = orderKeyOf(orderId);
  return key ? { "x-order-key": key } : {};
}

/** An order link from an email carries its key in the fragment (never sent to a server): keep it. */
export function adoptOrderKeyFromHash(orderId: string, hash: string): void {
  const key = new URLSearchParams(hash.replace(/^#/, "")).get("key");
  if (key) rememberOrderKey(orderId, key);
}
