import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { setGuest } from "@/lib/auth-session";
import { server } from "@/testing/server";

// findBy*/waitFor wait up to 1 s by default: too short on a 2-core machine running other suites.
configure({ asyncUtilTimeout: 5000 });

// Vitest runs without globals, so Testing Library's automatic cleanup is wired here.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  // The session lives in module memory: a sign-in in one test must not leak into the next.
  setGuest();
});
afterAll(() => server.close());
