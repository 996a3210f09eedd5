import { MarketplaceAdapterErrorCode as E } from "@sokoni/contracts";
import { UpstreamError } from "../../../platform/errors.ts";

export type HttpAnswer = { status: number; headers: Headers; body: unknown; text: string };

/**
 * One HTTP exchange with a marketplace. Network failures become UpstreamError
 * (MARKETPLACE_UNAVAILABLE); an aborted signal rejects with the signal's own reason (an
 * AbortError or TimeoutError), so the aggregator can mark the source "timeout". Any HTTP status
 * is returned, with the body parsed as JSON when it is JSON: each adapter reads its own envelope.
 */
export async function sendJson(
  source: string,
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string; signal: AbortSignal },
): Promise<HttpAnswer> {
  init.signal.throwIfAborted();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
    text = await res.text();
  } catch (err) {
    if (init.signal.aborted) throw init.signal.reason;
    throw new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source} is unreachable: ${(err as Error).message}`);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** The answer's body as a JSON object, or UpstreamError when a 2xx carried something else. */
export function jsonObject(source: string, answer: HttpAnswer): Record<string, unknown> {
  if (typeof answer.body === "object" && answer.body !== null && !Array.isArray(answer.body)) {
    return answer.body as Record<string, unknown>;
  }
  throw new UpstreamError(
    E.MARKETPLACE_UNAVAILABLE,
    `${source} answered HTTP ${answer.status} without a JSON object: ${answer.text.slice(0, 120) || "(empty)"}`,
  );
}

/** The generic mapping of a failed status to an error, for marketplaces without a richer envelope. */
export function statusError(source: string, status: number, why: string): UpstreamError {
  if (status === 401 || status === 403) {
    return new UpstreamError(E.MARKETPLACE_AUTH_FAILED, `${source} refused Sokoni's credentials: ${why}`);
  }
  if (status === 429) return new UpstreamError(E.MARKETPLACE_THROTTLED, `${source} is throttling Sokoni: ${why}`);
  if (status >= 400 && status < 500) {
    return new UpstreamError(E.MARKETPLACE_REQUEST_REFUSED, `${source} refused the request (HTTP ${status}): ${why}`);
  }
  return new UpstreamError(E.MARKETPLACE_UNAVAILABLE, `${source} failed (HTTP ${status}): ${why}`);
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
