import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * What a newcomer gets: `npm start` with no database server and no configuration. Runs the real
 * entry point as a child process on a fresh embedded database.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "sokoni-start-"));
const tsx = path.join(root, "node_modules/.bin/tsx");

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return {
    ...env,
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    ...extra,
  };
}

let server: ChildProcess;
let baseUrl = "";
let output = "";
let exitCode: Promise<number | null>;

beforeAll(async () => {
  // The CLI first: it migrates the empty data dir and creates an extra admin.
  const cli = spawnSync(
    tsx,
    ["apps/api/src/cli.ts", "admin:create", "--email", "ops@example.com", "--password", "ops-password-1"],
    { cwd: root, env: childEnv(), encoding: "utf8", timeout: 60_000 },
  );
  expect(cli.stderr).toBe("");
  expect(cli.status).toBe(0);
  expect(cli.stdout).toContain("admin ready: ops@example.com");

  server = spawn(tsx, ["apps/api/src/main.ts"], { cwd: root, env: childEnv() });
  exitCode = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
  baseUrl = await new Promise<string>((resolve, reject) => {
    // Generous: a loaded 2-core CI machine compiles TypeScript and opens PGlite first.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    };
    server.stdout?.on("data", onData);
    server.stderr?.on("data", onData);
  });
}, 200_000);

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start on a fresh machine", () => {
  it("prints the URL and the demo logins", () => {
    expect(output).toMatch(/running at http:\/\/localhost:\d+/);
    expect(output).toContain("demo@sokoni.test");
    expect(output).toContain("admin@sokoni.test");
  });

  it("serves a ready API on the embedded database with the demo catalog", async () => {
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "pglite" });
    const products = await (await fetch(`${baseUrl}/api/products?page_size=5`)).json();
    expect(products.total).toBeGreaterThanOrEqual(300);
    const stores = await (await fetch(`${baseUrl}/api/marketplaces`)).json();
    expect(stores.items.map((m: { code: string }) => m.code)).toEqual(
      expect.arrayContaining(["sokoni", "jumia", "amazon", "ebay"]),
    );
  });

  it("searches the demo's eBay, Amazon and Jumia through their in-process simulators", async () => {
    const res = await fetch(`${baseUrl}/api/search?q=iphone%2013`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      sources: { code: string; status: string; count: number }[];
      items: { offers: { marketplace: { code: string } }[] }[];
    };
    expect(body.sources.map((s) => [s.code, s.status]).sort()).toEqual([
      ["amazon", "ok"],
      ["ebay", "ok"],
      ["jumia", "ok"],
    ]);
    for (const s of body.sources) expect(s.count, s.code).toBeGreaterThan(0);
    const stores = new Set(body.items.flatMap((i) => i.offers.map((o) => o.marketplace.code)));
    expect([...stores]).toEqual(expect.arrayContaining(["amazon", "ebay", "jumia"]));
  });

  it("lets the demo customer and the CLI-created admin sign in", async () => {
    for (const [login, password] of [
      ["demo@sokoni.test", "demo12345"],
      ["ops@example.com", "ops-password-1"],
    ]) {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login, password }),
      });
      expect(res.status).toBe(200);
    }
  });

  it("shuts down cleanly on SIGTERM", async () => {
    server.kill("SIGTERM");
    expect(await exitCode).toBe(0);
  });
});
