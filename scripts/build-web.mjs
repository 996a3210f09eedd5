#!/usr/bin/env node
// Builds the storefront (apps/web → apps/web/dist) with Vite.
//
//     node scripts/build-web.mjs             always build
//     node scripts/build-web.mjs --if-stale  build only when dist is missing or older than its sources
//
// `npm start` runs the second form first, so a fresh clone or an edited source is served as
// built without a separate step, and an unchanged tree starts at once. Offline: Vite needs no network.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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

if (process.argv.includes("--if-stale") && existsSync(builtIndex)) {
  const builtAt = statSync(builtIndex).mtimeMs;
  if (Math.max(...sources.map(newest)) <= builtAt) process.exit(0);
  console.log("web app: sources changed since the last build, rebuilding");
} else if (process.argv.includes("--if-stale")) {
  console.log("web app: not built yet, building (a few seconds)");
}

const vite = path.join(root, "node_modules/.bin/vite");
if (!existsSync(vite)) {
  console.error("web app: Vite is not installed (run npm install); starting without rebuilding it");
  process.exit(process.argv.includes("--if-stale") ? 0 : 1);
}
const result = spawnSync(vite, ["build", "--logLevel", "warn"], { cwd: web, stdio: "inherit" });
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
