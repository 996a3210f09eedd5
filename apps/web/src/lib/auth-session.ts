import { SESSION_HINT_COOKIE, type UserResponse } from "@sokoni/contracts";
import { useSyncExternalStore } from "react";

/**
 * The signed-in session, in memory only: the access token never touches storage. The refresh
 * token lives in the HttpOnly `sokoni_refresh` cookie the API sets in cookie mode, so a reload
 * restores the session with one POST /api/auth/refresh.
 */
export type Session =
  | { status: "loading"; user: null; accessToken: null }
  | { status: "guest"; user: null; accessToken: null }
  | { status: "signed-in"; user: UserResponse; accessToken: string };

// Without the hint cookie there is nothing to restore: a guest from the first render (no flash).
let session: Session = hasSessionHint()
  ? { status: "loading", user: null, accessToken: null }
  : { status: "guest", user: null, accessToken: null };
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function getSession(): Session {
  return session;
}

export function setSignedIn(user: UserResponse, accessToken: string): void {
  session = { status: "signed-in", user, accessToken };
  emit();
}

export function setGuest(): void {
  session = { status: "guest", user: null, accessToken: null };
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

/** The API's script-readable hint that a refresh cookie was set (the refresh cookie itself is HttpOnly). */
export function hasSessionHint(): boolean {
  return document.cookie.split(";").some((part) => part.trim().startsWith(`${SESSION_HINT_COOKIE}=`));
}
