#!/usr/bin/env node
// Completes package-lock.json with the other platforms' optional binary packages.
//
// Why: the npm registry this project's machines reach serves only the linux packages of tools
// that ship one binary package per platform (biome's @biomejs/cli-<os>-<cpu>). `npm install`
// therefore writes a lock without the darwin/win32/musl entries, and `npm ci` then rejects that
// lock as "out of sync". An entry that declares its os/cpu/libc is skipped on every other
// platform without being fetched, so adding those entries makes `npm ci` accept the lock here
// and still install the right binary on a developer's Mac or Windows machine (where npm fetches
// it by name and version). `npm install` keeps entries once they are in the lock; run this
// again only after the lock has been deleted and regenerated, or after upgrading such a tool:
//
//     node scripts/lock-platforms.mjs && npm ci
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const platformSuffix = /-(android|darwin|freebsd|linux|openbsd|sunos|win32)-(arm|arm64|ia32|x64)(?:-(musl|gnu|msvc))?$/;

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = platformSuffix.exec(name);
    if (lock.packages[key] || !match) continue;
    const [, os, cpu, libc] = match;
    lock.packages[key] = {
      version,
      cpu: [cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(libc === "musl" ? { libc: ["musl"] } : os === "linux" ? { libc: ["glibc"] } : {}),
      ...(entry.license ? { license: entry.license } : {}),
      optional: true,
      os: [os],
    };
    added++;
    console.log(`added ${key}@${version} (${path || "root"})`);
  }
}

const byPath = Object.keys(lock.packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0));
lock.packages = Object.fromEntries(byPath.map((key) => [key, lock.packages[key]]));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `package-lock.json: ${added} platform entries added` : "package-lock.json: complete");
