import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two projects: the API, flow and browser suites run in Node over a migrated test database
 * (globalSetup); the web app's component tests run in jsdom with MSW and need no database.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "api",
          include: ["apps/**/*.test.ts", "packages/**/*.test.ts", "test/**/*.test.ts"],
          globalSetup: ["apps/api/test/global-setup.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: { "@": fileURLToPath(new URL("./apps/web/src", import.meta.url)) } },
        test: {
          name: "web",
          include: ["apps/web/src/**/*.test.tsx"],
          environment: "jsdom",
          setupFiles: ["apps/web/src/testing/setup.ts"],
          testTimeout: 15_000,
        },
      },
    ],
  },
});
