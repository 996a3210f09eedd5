import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { setGuest } from "@/lib/auth-session";
import { server } from "@/testing/server";

// Vitest runs without globals, so Testing Library's automatic cleanup is wired here.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  // The session lives in module memory: a sign-in in one test must not leak into the next.
  setGuest();
});
afterAll(() => server.close());
