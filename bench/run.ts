/**
 * `npm run bench`: loads 100,000 products into a fresh PostgreSQL database, starts the real API as
 * a separate process, drives product detail, listing (page 1 and a deep page) and search with
 * autocannon at 50 connections, and writes bench/REPORT.md. All traffic goes to 127.0.0.1.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL  admin URL of the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_PRODUCTS      products to load (default 100000)
 *   BENCH_DURATION      seconds per scenario (default 10)
 *   BENCH_CONNECTIONS   concurrent connections (default 50)
 *   BENCH_KEEP_DB=1     keep the database afterwards (its name is printed)
 *   BENCH_REPORT        where to write the report (default bench/REPORT.md)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { createModules } from "../apps/api/src/app.ts";
import { loadConfig } from "../apps/api/src/config.ts";
import { systemCtx } from "../apps/api/src/platform/ctx.ts";
import { openDatabase } from "../apps/api/src/platform/db.ts";
import { createLogger } from "../apps/api/src/platform/log.ts";
import { prepareDatabase } from "../apps/api/src/runtime.ts";
import { seedDemo } from "../apps/api/src/seed/seed.ts";
import { fmt, freePort, log, machine, percentile, stopChild, waitReady, withDatabase, writeReport } from "./lib.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const ADMIN_URL = env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PRODUCTS = Number(env.BENCH_PRODUCTS ?? 100_000);
const DURATION = Number(env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const REPORT = path.resolve(root, env.BENCH_REPORT ?? "bench/REPORT.md");
const OVERALL_TIMEOUT_MS = 15 * 60_000;

// The budgets of DESIGN.md §7 (p95, milliseconds).
const TARGET_P95 = { detail: 20, listing: 20, search: 60 } as const;

const SEARCH_QUERIES = [
  "samsung galaxy",
  "running shoes",
  "laptop 16gb",
  "iphnoe",
  "tv -samsung",
  "air fryer",
  "nike pegasus",
  '"noise cancelling" headphones',
];

type Scenario = { name: string; kind: keyof typeof TARGET_P95; describe: string; paths: string[] };

type Measured = {
  scenario: Scenario;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  throughputMBs: number;
};

// Where each scenario's rotation stands: the measured run continues after the warm-up's last
// path, so a scenario of distinct requests never repeats one the warm-up already asked.
const cursors = new WeakMap<Scenario, number>();

/** Runs autocannon against rotating paths, recording every response time for exact percentiles. */
async function drive(base: string, scenario: Scenario, seconds: number): Promise<Measured> {
  let next = cursors.get(scenario) ?? 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({ ...req, path: scenario.paths[next++ % scenario.paths.length] as string }),
          },
        ],
      },
      (err, res) => {
        cursors.set(scenario, next);
        if (err) reject(err);
        else resolve(res);
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  const sorted = Float64Array.from(latencies).sort();
  return {
    scenario,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    throughputMBs: result.throughput.average / 1e6,
  };
}

/** Distinct two- and three-word queries from product names, in a fixed shuffled order (no repeats until all are used). */
function coldQueries(names: string[]): string[] {
  const set = new Set<string>();
  for (const name of names) {
    const words = name
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(w));
    for (let i = 0; i + 1 < words.length; i++) {
      set.add(`${words[i]} ${words[i + 1]}`);
      if (i + 2 < words.length) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    }
  }
  // A seeded Fisher–Yates shuffle (mulberry32), so every run asks the same queries in the same order.
  let seed = 0x5eed;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...set];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

function renderReport(input: {
  machine: Awaited<ReturnType<typeof machine>>;
  seedMs: number;
  seeded: number;
  startupMs: number;
  results: Measured[];
  explains: { title: string; plan: string }[];
  date: string;
}): string {
  const rows = input.results.map((r) => {
    const target = TARGET_P95[r.scenario.kind];
    const verdict = r.p95 <= target ? "✅ met" : "❌ missed";
    const problems = r.non2xx + r.errors + r.timeouts;
    return `| ${r.scenario.name} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max, 0)} | ${r.requests} | ${problems} | < ${target} ms ${verdict} |`;
  });
  const scenarios = input.results.map(
    (r) => `- **${r.scenario.name}**: ${r.scenario.describe} (${r.scenario.paths.length} distinct URLs, rotated)`,
  );
  const explains = input.explains.map((e) => `#### ${e.title}\n\n\`\`\`\n${e.plan}\n\`\`\``).join("\n\n");
  return `# Sokoni API benchmark

Generated by \`npm run bench\` (bench/run.ts) on ${input.date}. The analysis section at the end is
written by hand after looking at the numbers; the rest is regenerated on every run.

## Results

${PRODUCTS.toLocaleString("en")} products in a fresh PostgreSQL database; one API process
(\`NODE_ENV=production\`, \`LOG_LEVEL=warn\`, worker off); autocannon with ${CONNECTIONS} connections,
${DURATION} s per scenario after a 3 s warm-up. Latencies are per response, in milliseconds,
measured by the load generator on the same machine.

| scenario | req/s | p50 | p95 | p99 | max | requests | errors / non-2xx | p95 target |
|---|---:|---:|---:|---:|---:|---:|---:|---|
${rows.join("\n")}

${scenarios.join("\n")}

Seeding ${input.seeded.toLocaleString("en")} products through \`seedDemo\` (catalog.importProducts, 4 batches
of 1,000 in flight) took **${(input.seedMs / 1000).toFixed(1)} s**; the API was ready ${(input.startupMs / 1000).toFixed(1)} s after spawn.

## Environment

- CPU: ${input.machine.cpus}
- Memory: ${input.machine.memory}
- OS: ${input.machine.os}
- Node: ${input.machine.node}
- PostgreSQL: ${input.machine.postgres} (${input.machine.pgSettings})
- Load generator, API and PostgreSQL share the machine, so they compete for the same cores.

## How to reproduce

\`\`\`sh
npm install
# a PostgreSQL server you may create and drop databases on (default postgres://postgres@127.0.0.1:5432/postgres)
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
\`\`\`

Knobs: \`BENCH_PRODUCTS\` (100000), \`BENCH_DURATION\` seconds per scenario (10), \`BENCH_CONNECTIONS\` (50),
\`BENCH_KEEP_DB=1\` to keep the \`sokoni_bench_<timestamp>\` database for inspection. The script creates that
database, migrates it, seeds it, runs \`VACUUM ANALYZE\` (what autovacuum would do shortly after a bulk load),
starts \`node --import tsx apps/api/src/main.ts\` on a free port on 127.0.0.1, waits for \`/readyz\`, warms up,
runs each scenario, stops the API and drops the database.

## Query plans (EXPLAIN ANALYZE on the bench database)

${explains || "_none captured_"}
`;
}

/** Plans of queries shaped like the catalog's, for the analysis (read-only). */
async function explainQueries(url: string): Promise<{ title: string; plan: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: { title: string; plan: string }[] = [];
  // Shaped like product-search.ts builds them (columns shortened to id and name).
  const subCategories = await client.query<{ id: string }>(
    "select id from catalog.categories where parent_id = (select id from catalog.categories where slug = 'electronics') order by id",
  );
  const rating = "p.rating desc nulls last, p.rating_count desc nulls last, p.id asc";
  const branches = subCategories.rows.map(
    (r) => `(select p.id, p.rating, p.rating_count from catalog.products p
       where p.category_id = '${r.id}'::uuid and p.status = 'active' order by ${rating} limit 2000)`,
  );
  const tsq = `(websearch_to_tsquery('english', 'samsung galaxy') || (websearch_to_tsquery('english', 'samsung')
    && (to_tsquery('english', 'galaxy:*') || to_tsquery('simple', 'galaxy:*'))))`;
  const queries: [string, string][] = [
    [
      "count of active products (what a listing's total costs when it is not kept)",
      "select count(*) from catalog.products where status = 'active'",
    ],
    [
      "deep page: offset 20,000 by price over an index-only walk, then 20 rows read",
      `select p.id, p.name, c.slug from (select p.id from catalog.products p where p.status = 'active'
         order by p.store_price_minor, p.id limit 20 offset 20000) k
       join catalog.products p on p.id = k.id left join catalog.categories c on c.id = p.category_id
       order by p.store_price_minor, p.id`,
    ],
    [
      "category page: electronics (its sub-categories) by rating, page 100: index walks merged (Merge Append)",
      `select p.id, p.name, c.slug from (select p.id from (${branches.join(" union all ")}) p
         order by ${rating} limit 20 offset 1980) k
       join catalog.products p on p.id = k.id left join catalog.categories c on c.id = p.category_id
       order by ${rating}`,
    ],
    [
      "search 'samsung galaxy': rank and count in one scan, then 20 rows read",
      `select p.id, p.name, k.total_count from (select p.id, count(*) over () as total_count
         from catalog.products p where p.status = 'active' and p.search_vector @@ ${tsq}
         order by ts_rank(p.search_vector, ${tsq}) desc, p.id limit 20) k
       join catalog.products p on p.id = k.id left join catalog.categories c on c.id = p.category_id
       order by ts_rank(p.search_vector, ${tsq}) desc, p.id`,
    ],
  ];
  try {
    for (const [title, q] of queries) {
      const res = await client.query(`explain (analyze, buffers) ${q}`);
      out.push({ title, plan: res.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n") });
    }
  } finally {
    await client.end();
  }
  return out;
}

async function main() {
  const overall = setTimeout(() => {
    log("overall time limit reached; aborting");
    process.exit(2);
  }, OVERALL_TIMEOUT_MS);
  overall.unref();

  const dbName = `sokoni_bench_${Date.now()}`;
  const dbUrl = withDatabase(ADMIN_URL, dbName);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let child: ChildProcess | undefined;
  let serverErrors = "";
  const cleanup = async () => {
    await stopChild(child);
    if (env.BENCH_KEEP_DB === "1") log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  };

  try {
    const info = await machine(ADMIN_URL);
    log(`creating ${dbName}`);
    await admin.query(`create database ${dbName}`);

    const jwtSecret = randomBytes(32).toString("hex");
    const gatewaySecret = randomBytes(32).toString("hex");
    const credentialsKey = randomBytes(32).toString("hex");
    const config = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      JWT_SECRET: jwtSecret,
      MOCK_GATEWAY_SECRET: gatewaySecret,
      MARKETPLACE_CREDENTIALS_KEY: credentialsKey,
    });
    const database = await openDatabase({ url: dbUrl, dataDir: "", poolSize: 8 });
    await prepareDatabase(database);
    const logger = createLogger("warn");
    log(`seeding ${PRODUCTS.toLocaleString("en")} products`);
    let lastShown = 0;
    const summary = await seedDemo(systemCtx(database.db, logger, "bench"), createModules(config), {
      products: PRODUCTS,
      storeCurrency: config.storeCurrency,
      concurrency: 4,
      onProgress: (done, total) => {
        if (done - lastShown >= total / 10 || done === total) {
          lastShown = done;
          log(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`);
        }
      },
    });
    log(`seeded ${summary.products} products in ${(summary.durationMs / 1000).toFixed(1)} s`);
    await database.pool?.query("vacuum analyze");

    const ids = (
      await database.pool?.query<{ id: string }>(
        "select id from catalog.products where status = 'active' order by md5(id::text) limit 5000",
      )
    )?.rows.map((r) => r.id);
    const categories = (await database.pool?.query<{ slug: string }>("select slug from catalog.categories"))?.rows.map(
      (r) => r.slug,
    );
    // Two or three consecutive words of product names, each query once: a search nobody asked in the last
    // seconds, i.e. what the in-process page cache cannot answer.
    const names = (
      await database.pool?.query<{ name: string }>("select distinct name from catalog.products order by name")
    )?.rows.map((r) => r.name);
    await database.close();
    if (!ids?.length || !categories?.length) throw new Error("no products or categories to benchmark");
    const distinctQueries = coldQueries(names ?? []);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const startedAt = performance.now();
    child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
      cwd: root,
      env: {
        PATH: env.PATH,
        HOME: env.HOME,
        NODE_ENV: "production",
        DATABASE_URL: dbUrl,
        HOST: "127.0.0.1",
        PORT: String(port),
        SEED_DEMO: "false",
        RUN_WORKER: "false",
        LOG_LEVEL: "warn",
        JWT_SECRET: jwtSecret,
        MOCK_GATEWAY_SECRET: gatewaySecret,
        MARKETPLACE_CREDENTIALS_KEY: credentialsKey,
        DATA_DIR: path.join(os.tmpdir(), dbName),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      if (serverErrors.length < 20_000) serverErrors += chunk.toString();
    });
    await waitReady(base, child, 60_000);
    const startupMs = performance.now() - startedAt;
    log(`API ready on ${base} after ${(startupMs / 1000).toFixed(1)} s`);

    const sorts = ["newest", "price_asc", "price_desc", "rating"];
    const scenarios: Scenario[] = [
      {
        name: "product detail",
        kind: "detail",
        describe: "`GET /api/products/:id` over 5,000 different products",
        paths: ids.map((id) => `/api/products/${id}`),
      },
      {
        name: "listing, page 1",
        kind: "listing",
        describe: "`GET /api/products?page=1&page_size=20`, all products and each category, each sort",
        paths: ["", ...categories.map((c) => `&category=${c}`)].flatMap((f) =>
          sorts.map((s) => `/api/products?page=1&page_size=20&sort=${s}${f}`),
        ),
      },
      {
        name: "listing, deep page",
        kind: "listing",
        describe: "`GET /api/products?page=N&page_size=20` with N in 200–1,000 (offset 4,000–20,000), each sort",
        paths: [200, 500, 1000].flatMap((p) => sorts.map((s) => `/api/products?page=${p}&page_size=20&sort=${s}`)),
      },
      {
        name: "listing, distinct pages",
        kind: "listing",
        describe:
          "`GET /api/products?page=N&page_size=20`, N in 1–250, all products and each category, each sort, a different request each time while they last (the kept answers of ADR 006 cannot serve them; kept totals can)",
        paths: Array.from({ length: 250 }, (_, i) => i + 1).flatMap((p) =>
          ["", ...categories.map((c) => `&category=${c}`)].flatMap((f) =>
            sorts.map((s) => `/api/products?page=${p}&page_size=20&sort=${s}${f}`),
          ),
        ),
      },
      {
        name: "search",
        kind: "search",
        describe: `\`GET /api/products?q=…\` with ${SEARCH_QUERIES.map((q) => `“${q}”`).join(", ")}`,
        paths: SEARCH_QUERIES.map((q) => `/api/products?q=${encodeURIComponent(q)}&page=1&page_size=20`),
      },
      {
        name: "search, distinct queries",
        kind: "search",
        describe: `\`GET /api/products?q=…\` with two or three consecutive words of a product name (“galaxy s24”), by relevance or price, a different request each time while they last`,
        paths: ["relevance", "price_asc"].flatMap((sort) =>
          distinctQueries.map((q) => `/api/products?q=${encodeURIComponent(q)}&sort=${sort}&page=1&page_size=20`),
        ),
      },
    ];

    // Fail fast on a broken endpoint rather than benchmarking 404s.
    for (const s of scenarios) {
      const res = await fetch(`${base}${s.paths[0]}`);
      if (!res.ok) throw new Error(`${s.name}: ${s.paths[0]} answered ${res.status}: ${await res.text()}`);
    }

    const results: Measured[] = [];
    for (const s of scenarios) {
      log(`warming up ${s.name}`);
      await drive(base, s, 3);
      log(`running ${s.name} for ${DURATION} s`);
      const r = await drive(base, s, DURATION);
      log(
        `  ${fmt(r.rps, 0)} req/s  p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}  p99 ${fmt(r.p99)} ms  (${r.non2xx} non-2xx, ${r.errors} errors)`,
      );
      results.push(r);
    }

    const explains = await explainQueries(dbUrl);
    const report = renderReport({
      machine: info,
      seedMs: summary.durationMs,
      seeded: summary.products,
      startupMs,
      results,
      explains,
      date: new Date().toISOString().slice(0, 10),
    });
    // The hand-written analysis at the end of the previous report survives a re-run.
    const previous = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "";
    const analysis = previous.indexOf("\n## Analysis");
    writeReport(REPORT, analysis >= 0 ? `${report}${previous.slice(analysis)}` : report);
    log(`wrote ${path.relative(root, REPORT)}`);
    if (serverErrors.trim()) log(`API stderr (first lines):\n${serverErrors.split("\n").slice(0, 10).join("\n")}`);
  } catch (err) {
    if (serverErrors.trim()) log(`API stderr (first lines):\n${serverErrors.split("\n").slice(0, 20).join("\n")}`);
    throw err;
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
