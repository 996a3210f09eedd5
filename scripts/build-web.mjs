#!/usr/bin/env node
// Builds the storefront (apps/web → apps/web/dist) with Vite.
//
//     node scripts/build-web.mjs             always build
//     node scripts/build-web.mjs --if-stale  build only when dist is missing or older than its sources
//
// `npm start` runs the second form first, so a fresh clone or an edited source is served as
// built without a separate step, and an unchanged tree starts at once. Offline: Vite needs no network.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const web = path.join(root, "apps/web");
const builtIndex = path.join(web, "dist/index.html");
const sources = [
  path.join(web, "index.html"),
  path.join(web, "vite.config.ts"),
  path.join(web, "package.json"),
  path.join(web, "src"),
  path.join(root, "packages/contracts/src"),
];

/** Newest modification time under a file or folder. */
function newest(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

const ifStale = process.argv.includes("--if-stale");
const isFresh = () => existsSync(builtIndex) && Math.max(...sources.map(newest)) <= statSync(builtIndex).mtimeMs;
if (ifStale && isFresh()) process.exit(0);

// One build at a time (test files running in parallel may all ask): the others wait, then find it fresh.
const lock = path.join(os.tmpdir(), `sokoni-web-build-${Buffer.from(root).toString("hex").slice(-32)}.lock`);
const deadline = Date.now() + 180_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    // A lock left by a build that died is taken over after two minutes.
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
      rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`web app: another build holds ${lock}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
process.on("exit", () => rmSync(lock, { recursive: true, force: true }));
if (ifStale && isFresh()) process.exit(0);
console.log(ifStale ? "web app: building (missing or older than its sources)" : "web app: building");

const vite = path.join(root, "node_modules/.bin/vite");
if (!existsSync(vite)) {
  console.error("web app: Vite is not installed (run npm install); starting without rebuilding it");
  process.exit(process.argv.includes("--if-stale") ? 0 : 1);
}
// Always a production build: Vite follows NODE_ENV, and a build asked for by the test runner
// (NODE_ENV=test) or a dev shell would otherwise ship React's development runtime.
const result = spawnSync(vite, ["build", "--logLevel", "warn"], {
  cwd: web,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
if (result.status !== 0) {
  console.error("web app: the build failed");
  process.exit(result.status ?? 1);
}
// Compressed once here, served as is: the API answers Accept-Encoding with the .br or .gz file.
const assets = path.join(web, "dist/assets");
for (const file of readdirSync(assets)) {
  if (!/\.(js|css|svg)$/.test(file)) continue;
  const body = readFileSync(path.join(assets, file));
  if (body.length < 1024) continue;
  writeFileSync(
    path.join(assets, `${file}.br`),
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(path.join(assets, `${file}.gz`), gzipSync(body, { level: 9 }));
}
console.log("web app: built into apps/web/dist");
