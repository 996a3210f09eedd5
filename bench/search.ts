/**
 * `npm run bench:search`: the aggregated search `GET /api/search` under load, against a real
 * PostgreSQL and the real API process, with the eBay, Amazon and Jumia simulators (50–300 ms per
 * call, in a process of their own) registered through the admin API with one time budget each.
 * Three loads at BENCH_CONNECTIONS connections: every request a query not asked before (each store
 * called, its offers upserted and matched), a few popular queries asked again and again (the
 * per-query cache answers the stores' part), and a mix of the two. Reports p50/p95/p99 against the
 * issue's target (p95 within the time budget + 50 ms), the sources' outcomes, the CPU each process
 * used and the machine load, into its section of bench/REPORT.md.
 *
 * Environment (all optional): BENCH_DATABASE_URL, BENCH_DURATION (10), BENCH_CONNECTIONS ("2,10"),
 * BENCH_BUDGET_MS (1000), BENCH_AMAZON_TPS (10), BENCH_KEEP_DB=1, BENCH_REPORT (bench/REPORT.md),
 * BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  AMAZON_DEV_ACCESS_KEY,
  AMAZON_DEV_PARTNER_TAG,
  AMAZON_DEV_SECRET_KEY,
  startAmazon,
} from "@sokoni/sandbox/amazon";
import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, startEbay } from "@sokoni/sandbox/ebay";
import { JUMIA_DEV_API_KEY, startJumia } from "@sokoni/sandbox/jumia";
import { universe } from "@sokoni/sandbox/market-catalog";
import autocannon from "autocannon";
import pg from "pg";
import { createModules } from "../apps/api/src/app.ts";
import { loadConfig } from "../apps/api/src/config.ts";
import { systemCtx } from "../apps/api/src/platform/ctx.ts";
import { openDatabase } from "../apps/api/src/platform/db.ts";
import { createLogger } from "../apps/api/src/platform/log.ts";
import { prepareDatabase } from "../apps/api/src/runtime.ts";
import { DEMO_LOGINS, seedDemo } from "../apps/api/src/seed/seed.ts";
import {
  fmt,
  freePort,
  log,
  type MachineInfo,
  machine,
  percentile,
  replaceSection,
  stopChild,
  waitReady,
  withDatabase,
  writeReport,
} from "./lib.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const ADMIN_URL = env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(env.BENCH_DURATION ?? 10);
/** A light and a busier load: shoppers searching at once. */
const LEVELS = (env.BENCH_CONNECTIONS ?? "2,10").split(",").map(Number);
const BUDGET_MS = Number(env.BENCH_BUDGET_MS ?? 1000);
/** PA-API 5 grants 1 request/s at first and up to 10 with sales; the bench account has the 10. */
const AMAZON_TPS = Number(env.BENCH_AMAZON_TPS ?? 10);
const REPORT = path.resolve(root, env.BENCH_REPORT ?? "bench/REPORT.md");
const TARGET_MS = BUDGET_MS + 50;
const POPULAR = 20;
const MIX_REPEATED = 0.7;
const BENCH_CREDENTIALS_KEY = "c".repeat(64);
const STORES = ["ebay-us", "amazon-us", "jumia-ke"] as const;

/** `--simulators`: this file run as the simulators' own process, printing their URLs as JSON. */
async function runSimulators() {
  const mode = { latencyMs: { min: 50, max: 300 } };
  const [ebay, amazon, jumia] = await Promise.all([
    startEbay({ mode }),
    startAmazon({ mode, requestsPerSecond: AMAZON_TPS }),
    startJumia({ mode }),
  ]);
  process.stdout.write(`${JSON.stringify({ ebay: ebay.url, amazon: amazon.url, jumia: jumia.url })}\n`);
  const stop = () => void Promise.all([ebay.close(), amazon.close(), jumia.close()]).then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** Shopper-like queries from the simulators' universe: "<model>", "<brand> <model> <storage>", ... */
function queryPool(): { popular: string[]; distinct: string[] } {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (q: string) => {
    const k = q.toLowerCase().replace(/\s+/g, " ").trim();
    if (k.length > 2 && !seen.has(k)) {
      seen.add(k);
      out.push(k);
    }
  };
  for (const item of universe()) {
    add(item.model);
    add(`${item.brand} ${item.model}`);
    add(`${item.model} ${item.storage ?? item.size ?? item.colour}`);
    add(`${item.model} ${item.colour}`);
  }
  // A fixed shuffle (LCG), so runs ask the same queries in the same order.
  let s = 42;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return { popular: out.slice(0, POPULAR), distinct: out.slice(POPULAR) };
}

type SourceCounts = Record<string, Record<string, number>>;

type Outcome = {
  name: string;
  connections: number;
  /** What the database's active sessions were waiting on, sampled every 100 ms: "Lock/transactionid" → samples. */
  waits: Record<string, number>;
  /** The slowest store's latency per search (the fan-out's share of the answer), p50 and p95. */
  fanOutP50: number;
  fanOutP95: number;
  requests: number;
  rps: number;
  non200: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  sources: SourceCounts;
  cachedShare: number;
  apiCpu: number;
  simCpu: number;
  load: string;
  sample?: string;
};

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return Number.NaN;
  }
}

async function drive(
  base: string,
  next: () => string,
  seconds: number,
  connections: number,
  procs: { api?: ChildProcess; sims?: ChildProcess; dbUrl: string },
): Promise<Omit<Outcome, "name" | "connections">> {
  const waits: Record<string, number> = {};
  const watcher = new pg.Client({ connectionString: procs.dbUrl });
  await watcher.connect();
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const { rows } = await watcher.query(
        `select coalesce(wait_event_type || '/' || wait_event, 'CPU') as w, count(*)::int as n
           from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
          group by 1`,
      );
      for (const r of rows as { w: string; n: number }[]) waits[r.w] = (waits[r.w] ?? 0) + r.n;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const sources: SourceCounts = {};
  const fanOut: number[] = [];
  let answered = 0;
  let cached = 0;
  let sample: string | undefined;
  const cpu0 = { api: cpuSeconds(procs.api?.pid), sims: cpuSeconds(procs.sims?.pid) };
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 20,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({ ...req, path: `/api/search?q=${encodeURIComponent(next())}&page_size=20` }),
            onResponse: (status, body) => {
              if (status !== 200) {
                sample ??= `${status} ${body.slice(0, 300)}`;
                return;
              }
              const parsed = JSON.parse(body) as {
                sources: { code: string; status: string; cached: boolean; latency_ms: number }[];
              };
              fanOut.push(Math.max(0, ...parsed.sources.map((src) => src.latency_ms)));
              for (const src of parsed.sources) {
                const byStatus = sources[src.code] ?? {};
                sources[src.code] = byStatus;
                byStatus[src.status] = (byStatus[src.status] ?? 0) + 1;
                answered++;
                if (src.cached) cached++;
              }
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  const wall = (performance.now() - started) / 1000;
  watching = false;
  await watch;
  await watcher.end();
  const sorted = Float64Array.from(latencies).sort();
  const fanOutSorted = Float64Array.from(fanOut).sort();
  return {
    requests: latencies.length,
    rps: result.requests.average,
    non200: latencies.length - (statuses.get(200) ?? 0),
    errors: result.errors + result.timeouts,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    sources,
    cachedShare: answered > 0 ? cached / answered : 0,
    apiCpu: (cpuSeconds(procs.api?.pid) - cpu0.api) / wall,
    simCpu: (cpuSeconds(procs.sims?.pid) - cpu0.sims) / wall,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" / "),
    sample,
    waits,
    fanOutP50: percentile(fanOutSorted, 50),
    fanOutP95: percentile(fanOutSorted, 95),
  };
}

async function seed(dbUrl: string, jwtSecret: string) {
  const config = loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: dbUrl,
    JWT_SECRET: jwtSecret,
    MOCK_GATEWAY_SECRET: "x".repeat(32),
    MARKETPLACE_CREDENTIALS_KEY: BENCH_CREDENTIALS_KEY,
  });
  const database = await openDatabase({ url: dbUrl, dataDir: "", poolSize: 8 });
  await prepareDatabase(database);
  const modules = createModules(config);
  const ctx = systemCtx(database.db, createLogger("warn"), "bench");
  // The demo shop: 300 products (the house catalog is searched too) and the demo admin.
  const summary = await seedDemo(ctx, modules, { storeCurrency: config.storeCurrency, concurrency: 4 });
  log(`demo shop: ${summary.products} products`);
  await database.close();
}

async function startSimulators(): Promise<{ child: ChildProcess; urls: Record<"ebay" | "amazon" | "jumia", string> }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--simulators"], {
    cwd: root,
    env: { ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const urls = await new Promise<Record<"ebay" | "amazon" | "jumia", string>>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("simulators did not start")), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once("exit", (code) => reject(new Error(`simulators exited with ${code}`)));
  });
  return { child, urls };
}

async function registerStores(base: string, urls: Record<"ebay" | "amazon" | "jumia", string>) {
  const admin = DEMO_LOGINS.find((l) => l.role === "admin");
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: admin?.email, password: admin?.password }),
  });
  if (!login.ok) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const common = { time_budget_ms: BUDGET_MS, active: true };
  const bodies = [
    {
      code: "ebay-us",
      name: "eBay (bench)",
      kind: "ebay",
      currency: "USD",
      ships_to: "warehouse",
      api_base_url: urls.ebay,
      credentials: { client_id: EBAY_DEV_CLIENT_ID, client_secret: EBAY_DEV_CLIENT_SECRET },
      ...common,
    },
    {
      code: "amazon-us",
      name: "Amazon (bench)",
      kind: "amazon",
      currency: "USD",
      ships_to: "warehouse",
      api_base_url: urls.amazon,
      rate_limit_per_min: AMAZON_TPS * 60,
      adapter_config: { partner_tag: AMAZON_DEV_PARTNER_TAG, region: "us-east-1" },
      credentials: { access_key: AMAZON_DEV_ACCESS_KEY, secret_key: AMAZON_DEV_SECRET_KEY },
      ...common,
    },
    {
      code: "jumia-ke",
      name: "Jumia (bench)",
      kind: "jumia",
      currency: "KES",
      ships_to: "domestic",
      api_base_url: urls.jumia,
      credentials: { api_key: JUMIA_DEV_API_KEY },
      ...common,
    },
  ];
  for (const body of bodies) {
    const res = await fetch(`${base}/api/admin/marketplaces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`register ${body.code}: ${res.status} ${await res.text()}`);
  }
}

function render(input: {
  date: string;
  info: MachineInfo;
  outcomes: Outcome[];
  queries: number;
  apiErrors: string[];
}): string {
  const rows = input.outcomes.map((o) => {
    const verdict = o.p95 <= TARGET_MS ? "✅ met" : "❌ missed";
    return `| ${o.name} | ${o.connections} | ${o.requests} | ${fmt(o.rps, 0)} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(o.p99)} | ${fmt(o.max, 0)} | ${fmt(o.cachedShare * 100, 0)} % | ${o.non200 + o.errors} | ≤ ${TARGET_MS} ms ${verdict} |`;
  });
  const sourceRows = input.outcomes.map((o) => {
    const cells = STORES.map((code) => {
      const counts = o.sources[code] ?? {};
      return Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([status, n]) => `${status} ${n}`)
        .join(", ");
    });
    const waits = Object.entries(o.waits)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([w, n]) => `${w} ${n}`)
      .join(", ");
    return `| ${o.name} | ${o.connections} | ${fmt(o.fanOutP50, 0)} / ${fmt(o.fanOutP95, 0)} | ${cells.join(" | ")} | ${fmt(o.apiCpu * 100, 0)} % | ${fmt(o.simCpu * 100, 0)} % | ${o.load} | ${waits || "–"} |`;
  });
  const samples = [
    ...input.outcomes.filter((o) => o.sample).map((o) => `- ${o.name} at ${o.connections}: \`${o.sample}\``),
    ...[...new Set(input.apiErrors)].slice(0, 4).map((e) => `- API log: \`${e}\``),
  ];
  return `## Aggregated search

Generated by \`npm run bench:search\` (bench/search.ts) on ${input.date}. A fresh PostgreSQL database
with the demo shop (300 house products); one API process (\`NODE_ENV=production\`, worker off); the
eBay, Amazon and Jumia simulators in a process of their own, each answering in 50–300 ms (drawn per
request from the query, so the same query always takes as long), registered through
\`POST /api/admin/marketplaces\` with a time budget of ${BUDGET_MS} ms each (Amazon at ${AMAZON_TPS} requests/s,
the most PA-API 5 grants, and \`rate_limit_per_min\` ${AMAZON_TPS * 60}). autocannon drives
\`GET /api/search?q=…&page_size=20\` at ${LEVELS.join(" and then ")} connections for ${DURATION} s per load, after a 3 s
warm-up on other queries at each level. Queries are shopper-like ("iphone 13 128gb", "apple watch series 9") built
from the simulators' catalog (${input.queries} of them). Machine (${input.info.cpus}, ${input.info.memory},
Node ${input.info.node}, PostgreSQL ${input.info.postgres}) load before the run: ${input.info.load} (1/5/15 min);
other helpers' tests shared the machine.

| load | connections | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | stores from cache | errors | target p95 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

- **distinct**: every request a query not asked before: all three stores called, their offers
  upserted into products and matched into items, then the page read from the catalog.
- **repeated**: ${POPULAR} popular queries asked again and again: after the first, the stores' answers
  come from the per-query cache (\`SEARCH_CACHE_TTL_MS\`) and their products are read, not rewritten.
- **mix**: ${Math.round(MIX_REPEATED * 100)} % popular queries, ${Math.round((1 - MIX_REPEATED) * 100)} % new ones.

The slowest store's latency per search (the fan-out's part of the answer; the rest is the
catalog's: upserting and matching the offers, reading the page), what each store answered, the CPU each process used (100 % = one core), the load
average after each run, and what the database's busy sessions waited on (sampled every 100 ms):

| load | connections | slowest store p50 / p95 ms | eBay | Amazon | Jumia | API CPU | simulators CPU | load after | PostgreSQL waits (samples) |
| --- | ---: | ---: | --- | --- | --- | ---: | ---: | --- | --- |
${sourceRows.join("\n")}
${samples.length > 0 ? `\nUnexpected answers (first of each load):\n\n${samples.join("\n")}\n` : ""}
Reproduce: \`BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:search\`
(knobs: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_BUDGET_MS, BENCH_AMAZON_TPS, BENCH_KEEP_DB=1;
\`BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"\` profiles the API process).`;
}

async function main() {
  const dbName = `sokoni_bench_search_${Date.now()}`;
  const dbUrl = withDatabase(ADMIN_URL, dbName);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let api: ChildProcess | undefined;
  let sims: ChildProcess | undefined;
  try {
    const info = await machine(ADMIN_URL);
    await admin.query(`create database ${dbName}`);
    const jwtSecret = randomBytes(32).toString("hex");
    await seed(dbUrl, jwtSecret);
    const simulators = await startSimulators();
    sims = simulators.child;

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const nodeArgs = (env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean);
    api = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "apps/api/src/main.ts"], {
      cwd: root,
      env: {
        PATH: env.PATH,
        HOME: env.HOME,
        NODE_ENV: "production",
        DATABASE_URL: dbUrl,
        DATABASE_POOL_SIZE: "20",
        HOST: "127.0.0.1",
        PORT: String(port),
        PUBLIC_URL: base,
        SEED_DEMO: "false",
        RUN_WORKER: "false",
        LOG_LEVEL: "warn",
        JWT_SECRET: jwtSecret,
        MOCK_GATEWAY_SECRET: "x".repeat(32),
        MARKETPLACE_CREDENTIALS_KEY: BENCH_CREDENTIALS_KEY,
        DATA_DIR: path.join(os.tmpdir(), dbName),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // pino writes JSON lines to stdout: keep the error-level ones (the cause of any 500).
    const apiErrors: string[] = [];
    let pending = "";
    api.stdout?.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (apiErrors.length >= 20 || !line.includes('"level":50')) continue;
        try {
          type LoggedError = { message?: string; code?: string; detail?: string; cause?: LoggedError };
          const entry = JSON.parse(line) as { msg?: string; err?: LoggedError };
          // Drizzle wraps the driver's error: its message is the whole query, the cause says why.
          const err = entry.err?.cause ?? entry.err;
          const what = [err?.code, err?.message, err?.detail].filter(Boolean).join(" ");
          apiErrors.push(`${entry.msg}: ${what}`.slice(0, 160));
        } catch {
          apiErrors.push(line.slice(0, 300));
        }
      }
    });
    let serverErrors = "";
    api.stderr?.on("data", (chunk: Buffer) => {
      if (serverErrors.length < 20_000) serverErrors += chunk.toString();
    });
    await waitReady(base, api, 60_000);
    await registerStores(base, simulators.urls);

    const { popular, distinct } = queryPool();
    log(`${popular.length} popular and ${distinct.length} other queries, e.g. ${popular.slice(0, 3).join(" | ")}`);
    let d = 0;
    const fresh = () => distinct[d++ % distinct.length] as string;
    let r = 0;
    const repeated = () => popular[r++ % popular.length] as string;
    let m = 0;
    const mixed = () => (((m++ * 7919) % 100) / 100 < MIX_REPEATED ? repeated() : fresh());
    const procs = { api, sims, dbUrl };
    const outcomes: Outcome[] = [];
    for (const connections of LEVELS) {
      log(`warming up at ${connections} connections (3 s of other queries; the popular ones stay unasked)`);
      await drive(base, fresh, 3, connections, procs);
      for (const [name, next] of [
        ["distinct", fresh],
        ["repeated", repeated],
        ["mix", mixed],
      ] as const) {
        log(`running ${name} at ${connections} connections for ${DURATION} s`);
        const o = await drive(base, next, DURATION, connections, procs);
        log(
          `  fan-out p50 ${fmt(o.fanOutP50)} p95 ${fmt(o.fanOutP95)}  ${fmt(o.rps, 0)} req/s  p50 ${fmt(o.p50)}  p95 ${fmt(o.p95)}  p99 ${fmt(o.p99)} ms  cached ${fmt(o.cachedShare * 100, 0)} %  API CPU ${fmt(o.apiCpu * 100, 0)} %  ${JSON.stringify(o.sources)} waits ${JSON.stringify(o.waits)}`,
        );
        outcomes.push({ name, connections, ...o });
      }
    }
    if (d >= distinct.length) log(`note: the ${distinct.length} distinct queries ran out and repeated`);
    await stopChild(api);
    if (serverErrors.trim()) log(`API stderr:\n${serverErrors.slice(0, 2000)}`);
    for (const line of apiErrors) log(`API error: ${line}`);

    const section = render({
      date: new Date().toISOString().slice(0, 10),
      info,
      outcomes,
      queries: popular.length + distinct.length,
      apiErrors,
    });
    const current = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "# Sokoni API benchmark\n";
    writeReport(REPORT, replaceSection(current, "search", section));
    log(`wrote ${path.relative(root, REPORT)}`);
    if (outcomes.some((o) => o.p95 > TARGET_MS)) process.exitCode = 1;
  } finally {
    await stopChild(api);
    await stopChild(sims);
    if (env.BENCH_KEEP_DB === "1") log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

if (process.argv.includes("--simulators")) {
  runSimulators().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
