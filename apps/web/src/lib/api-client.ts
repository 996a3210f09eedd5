import { AuthResponse, Problem } from "@sokoni/contracts";
import type { z } from "zod";
import { getSession, setGuest, setSignedIn } from "@/lib/auth-session";

/** A refused request: the API's problem+json, with its stable code and field errors. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: { path: string; message: string }[];
  readonly requestId: string | undefined;
  constructor(
    status: number,
    code: string,
    detail: string,
    errors: { path: string; message: string }[] = [],
    requestId?: string,
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.requestId = requestId;
  }

  /** Field errors keyed by the field name (the last segment of `body.x.y`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.path.replace(/^(body|query|params)\.?/, "");
      if (key && !(key in out)) out[key] = e.message;
    }
    return out;
  }
}

type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** Asks the API to keep the refresh token in its HttpOnly cookie rather than in the JSON. */
export const COOKIE_MODE = { "x-auth-mode": "cookie" } as const;

async function send(path: string, opts: RequestOptions, accessToken: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK_ERROR", "Cannot reach Sokoni. Check your connection and try again.");
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const parsed = Problem.safeParse(JSON.parse(text));
    if (parsed.success) {
      const p = parsed.data;
      return new ApiError(p.status, p.code, p.detail, p.errors ?? [], p.request_id);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, "HTTP_ERROR", `Something went wrong (HTTP ${res.status}).`);
}

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request
 * (the refresh token is single use). Resolves false, and the session becomes a guest's, when refused.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await send("/api/auth/refresh", { method: "POST", headers: COOKIE_MODE }, null);
      if (!res.ok) {
        setGuest();
        return false;
      }
      const auth = AuthResponse.parse(await res.json());
      setSignedIn(auth.user, auth.access_token);
      return true;
    } catch {
      setGuest();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * One call to the API: JSON in and out, problem+json out as ApiError. A 401 on a signed-in
 * request refreshes the session once and retries once.
 */
export async function api<S extends z.ZodType>(path: string, schema: S, opts?: RequestOptions): Promise<z.infer<S>>;
export async function api(path: string, schema: null, opts?: RequestOptions): Promise<void>;
export async function api(path: string, schema: z.ZodType | null, opts: RequestOptions = {}): Promise<unknown> {
  const token = getSession().accessToken;
  let res = await send(path, opts, token);
  if (res.status === 401 && token) {
    const current = getSession().accessToken;
    // Refresh only if no one else did meanwhile: another request may already have renewed the
    // token (retry with it) or found the session gone (stay signed out).
    const renewed = current === token ? await refreshSession() : current !== null;
    if (renewed) res = await send(path, opts, getSession().accessToken);
  }
  if (!res.ok) throw await toApiError(res);
  if (schema === null || res.status === 204) return undefined;
  return schema.parse(await res.json());
}

/** A query string from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}
