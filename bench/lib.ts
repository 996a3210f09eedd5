import { type ChildProcess, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import pg from "pg";

/** Helpers shared by the bench scripts: ports, readiness, percentiles, machine facts, report sections. */

export function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitReady(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`API not ready after ${timeoutMs} ms`);
}

/** Stops a spawned API: SIGTERM, then SIGKILL after 10 s. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
  });
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

export type MachineInfo = {
  cpus: string;
  memory: string;
  os: string;
  node: string;
  postgres: string;
  pgSettings: string;
  load: string;
};

export async function machine(adminUrl: string): Promise<MachineInfo> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const version = (await client.query("show server_version")).rows[0].server_version as string;
    const settings = await client.query(
      "select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers','work_mem','max_connections','jit','effective_cache_size') order by name",
    );
    return {
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "unknown"}`,
      memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
      os: `${os.type()} ${os.release()} (${os.arch()})`,
      node: process.version,
      postgres: version,
      pgSettings: settings.rows.map((r: { name: string; setting: string }) => `${r.name}=${r.setting}`).join(", "),
      load: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" / "),
    };
  } finally {
    await client.end();
  }
}

/**
 * Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` in a report (or
 * appends it), so each bench script owns its part of bench/REPORT.md and keeps the others.
 */
export function replaceSection(report: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = report.indexOf(start);
  const j = report.indexOf(end);
  if (i >= 0 && j > i) return `${report.slice(0, i)}${block}${report.slice(j + end.length)}`;
  return `${report.trimEnd()}\n\n${block}\n`;
}

/** The section of a report between its markers, if present (to carry it across a regeneration). */
export function sectionOf(report: string, name: string): string | undefined {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = report.indexOf(start);
  const j = report.indexOf(end);
  return i >= 0 && j > i ? report.slice(i, j + end.length) : undefined;
}

/** Writes a report and lays its tables out as `npm run check` (biome) expects. */
export function writeReport(file: string, text: string): void {
  writeFileSync(file, text);
  try {
    execFileSync(process.execPath, ["node_modules/@biomejs/biome/bin/biome", "format", "--write", file], {
      stdio: "ignore",
    });
  } catch {
    log(`could not format ${file}; run npx biome format --write ${file}`);
  }
}
