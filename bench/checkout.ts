/**
 * `npm run bench:checkout`: many shoppers placing orders at once against a real PostgreSQL and the
 * real API process. Loads a catalog (plenty of stock, plus "hot" products with little stock so
 * buyers race for the last units) and registers shoppers with funded wallets, then drives
 * `POST /api/orders` with autocannon at 50 connections: paid from the wallet (all in the
 * database) and through the mock gateway (a hosted-page session per order over HTTP). Afterwards it
 * checks that stock, order totals and wallet balances add up, and writes its section of
 * bench/REPORT.md.
 *
 * Environment (all optional): BENCH_DATABASE_URL, BENCH_DURATION (10), BENCH_CONNECTIONS (50),
 * BENCH_SHOPPERS (100), BENCH_KEEP_DB=1, BENCH_REPORT (bench/REPORT.md), BENCH_API_NODE_ARGS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
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
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const SHOPPERS = Number(env.BENCH_SHOPPERS ?? 100);
const REPORT = path.resolve(root, env.BENCH_REPORT ?? "bench/REPORT.md");
const TARGET_ORDERS_PER_S = 200;

const PLENTY_PRODUCTS = 1000;
const PLENTY_STOCK = 1_000_000;
const HOT_PRODUCTS = 20;
const HOT_STOCK = 30;
const FOREIGN_PRODUCTS = 100;
const WALLET_FUNDS_MINOR = 10_000_000_000; // KES 100 million each: the wallet never runs dry here

const ADDRESS = {
  name: "Bench Shopper",
  phone_number: "0712345678",
  line1: "Kenyatta Ave 1",
  city: "Nairobi",
  country: "KE",
};

type Fixture = { tokens: string[]; userIds: string[]; plenty: string[]; hot: string[]; foreign: string[] };

type Outcome = {
  name: string;
  describe: string;
  requests: number;
  rps: number;
  placed: number;
  ordersPerSecond: number;
  soldOut: number;
  other: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  otherSample?: string;
};

/** Production config needs one; the benchmark stores no marketplace credentials. */
const BENCH_CREDENTIALS_KEY = "b".repeat(64);

async function seed(dbUrl: string, jwtSecret: string): Promise<Fixture> {
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
  await modules.marketplaces.ensureHouseMarketplace(ctx, config.storeCurrency);
  await modules.catalog.ensureDefaultFxRates(ctx);
  const abroad = await modules.marketplaces.upsertMarketplace(ctx, {
    code: "abroad",
    name: "Abroad Store",
    kind: "generic",
    currency: "USD",
  });
  const rows = [
    ...Array.from({ length: PLENTY_PRODUCTS }, (_, i) => ({
      name: `Everyday item ${i}`,
      stock: PLENTY_STOCK,
      price: `${100 + (i % 900)}.00`,
    })),
    ...Array.from({ length: HOT_PRODUCTS }, (_, i) => ({
      name: `Flash-sale item ${i}`,
      stock: HOT_STOCK,
      price: `${999 + i}.50`,
    })),
  ];
  const ids: string[] = [];
  for (const r of rows) {
    const p = await modules.catalog.createProduct(ctx, {
      name: r.name,
      description: "bench",
      price: r.price,
      stock: r.stock,
    });
    ids.push(p.id);
  }
  const foreign: string[] = [];
  for (let i = 0; i < FOREIGN_PRODUCTS; i++) {
    const p = await modules.catalog.createProduct(ctx, {
      name: `Imported gadget ${i}`,
      description: "bench",
      price: `${(9.99 + i).toFixed(2)}`,
      currency: "USD",
      marketplace: abroad.code,
      stock: 0,
    });
    foreign.push(p.id);
  }
  log(`catalog: ${ids.length} house products (${HOT_PRODUCTS} hot with ${HOT_STOCK} each), ${foreign.length} in USD`);
  const tokens: string[] = [];
  const userIds: string[] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const auth = await modules.identity.register(ctx, {
      username: `shopper${i}`,
      email: `shopper${i}@bench.test`,
      phoneNumber: "0712345678",
      password: "bench-password",
    });
    await modules.wallet.credit(ctx, { userId: auth.user.id, amountMinor: WALLET_FUNDS_MINOR, reason: "bench funds" });
    tokens.push(auth.accessToken);
    userIds.push(auth.user.id);
  }
  log(`${SHOPPERS} shoppers registered with funded wallets`);
  await database.pool?.query("vacuum analyze");
  await database.close();
  return { tokens, userIds, plenty: ids.slice(0, PLENTY_PRODUCTS), hot: ids.slice(PLENTY_PRODUCTS), foreign };
}

/** A random basket: 1–3 everyday lines, a foreign line now and then, a hot product in one of three. */
function basket(f: Fixture, random: () => number) {
  const pick = (list: string[]) => list[Math.floor(random() * list.length)] as string;
  const lines = new Map<string, number>();
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) lines.set(pick(f.plenty), 1 + Math.floor(random() * 2));
  if (random() < 0.2) lines.set(pick(f.foreign), 1);
  if (random() < 0.33) lines.set(pick(f.hot), 1);
  return [...lines.entries()].map(([product_id, quantity]) => ({ product_id, quantity }));
}

async function drive(base: string, f: Fixture, method: "wallet" | "mock", seconds: number) {
  let n = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let otherSample: string | undefined;
  const random = Math.random;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 20,
        requests: [
          {
            method: "POST",
            path: "/api/orders",
            setupRequest: (req) => {
              const token = f.tokens[n++ % f.tokens.length];
              return {
                ...req,
                headers: {
                  "content-type": "application/json",
                  authorization: `Bearer ${token}`,
                  "idempotency-key": randomUUID(),
                },
                body: JSON.stringify({ shipping_address: ADDRESS, payment_method: method, items: basket(f, random) }),
              };
            },
            onResponse: (status, body) => {
              if (status !== 201 && status !== 409 && !otherSample) otherSample = `${status} ${body.slice(0, 300)}`;
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
  const sorted = Float64Array.from(latencies).sort();
  const placed = statuses.get(201) ?? 0;
  const soldOut = statuses.get(409) ?? 0;
  return {
    requests: latencies.length,
    rps: result.requests.average,
    placed,
    ordersPerSecond: placed / seconds,
    soldOut,
    other: latencies.length - placed - soldOut,
    errors: result.errors + result.timeouts,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    otherSample,
  };
}

type Check = { what: string; ok: boolean; detail: string };

/** Does everything add up after the storm? Stock, order totals, wallets, and no ghost orders. */
async function verify(dbUrl: string, f: Fixture, placedTotal: number, cutOff: number): Promise<Check[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const q = async (text: string, values: unknown[] = []) => (await c.query(text, values)).rows;
    const [negative] = await q("select count(*)::int as n from catalog.products where stock < 0");
    const stockRows = await q(
      `select p.id, p.stock, coalesce(sum(i.stock_reserved) filter (where o.status <> 'cancelled'), 0)::int as sold
         from catalog.products p
         left join orders.order_items i on i.product_id = p.id
         left join orders.orders o on o.id = i.order_id
        where p.id = any($1::uuid[])
        group by p.id, p.stock`,
      [[...f.plenty, ...f.hot]],
    );
    const hot = new Set(f.hot);
    const mismatched = stockRows.filter((r) => (hot.has(r.id) ? HOT_STOCK : PLENTY_STOCK) - r.stock !== r.sold);
    const hotSoldOut = stockRows.filter((r) => hot.has(r.id) && r.stock === 0).length;
    const [orders] = await q("select count(*)::int as n from orders.orders");
    const [payments] = await q("select count(*)::int as n from payments.payments");
    const [badTotals] = await q(
      `select count(*)::int as n from orders.orders o
        where o.total_minor <> o.subtotal_minor + o.shipping_minor
           or o.subtotal_minor <> (select sum(line_total_minor) from orders.order_items i where i.order_id = o.id)
           or exists (select 1 from orders.order_items i where i.order_id = o.id
                      and i.line_total_minor <> i.unit_store_price_minor * i.quantity)`,
    );
    const [wallet] = await q(
      `select
         (select coalesce(sum(-amount_minor), 0)::bigint from wallet.entries where kind = 'payment') as debited,
         (select coalesce(sum(total_minor), 0)::bigint from orders.orders where payment_method = 'wallet' and status = 'paid') as paid_orders,
         (select count(*)::int from orders.orders where payment_method = 'wallet' and status <> 'paid') as unpaid_wallet_orders`,
    );
    const [negativeWallets] = await q(
      "select count(*)::int as n from (select user_id from wallet.entries group by user_id having sum(amount_minor) < 0) s",
    );
    return [
      { what: "no product below zero stock", ok: negative.n === 0, detail: `${negative.n} below zero` },
      {
        what: "stock taken = units in live orders, per product",
        ok: mismatched.length === 0,
        detail: `${stockRows.length - mismatched.length}/${stockRows.length} products add up; ${hotSoldOut}/${HOT_PRODUCTS} hot products sold out`,
      },
      {
        // autocannon drops the requests in flight when a run ends; the server still completes them.
        what: "one order per 201 (plus at most the requests cut off when each run stopped)",
        ok: orders.n >= placedTotal && orders.n - placedTotal <= cutOff,
        detail: `${orders.n} orders, ${placedTotal} × 201, at most ${cutOff} cut off`,
      },
      { what: "one payment per order", ok: payments.n === orders.n, detail: `${payments.n} payments` },
      { what: "order total = Σ lines (+ shipping)", ok: badTotals.n === 0, detail: `${badTotals.n} orders off` },
      {
        what: "wallet debits = totals of wallet-paid orders",
        ok: Number(wallet.debited) === Number(wallet.paid_orders) && wallet.unpaid_wallet_orders === 0,
        detail: `debited ${wallet.debited}, paid orders ${wallet.paid_orders} (minor units), ${wallet.unpaid_wallet_orders} wallet orders unpaid`,
      },
      { what: "no wallet below zero", ok: negativeWallets.n === 0, detail: `${negativeWallets.n} negative` },
    ];
  } finally {
    await c.end();
  }
}

function render(input: { date: string; info: MachineInfo; outcomes: Outcome[]; checks: Check[] }): string {
  const rows = input.outcomes.map((o) => {
    const verdict = o.ordersPerSecond >= TARGET_ORDERS_PER_S ? "✅ met" : "❌ missed";
    return `| ${o.name} | ${fmt(o.ordersPerSecond, 0)} | ${o.placed} | ${o.soldOut} | ${o.other + o.errors} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(o.p99)} | ${fmt(o.max, 0)} | ≥ ${TARGET_ORDERS_PER_S}/s ${verdict} |`;
  });
  const checks = input.checks.map((c) => `- ${c.ok ? "✅" : "❌"} ${c.what}: ${c.detail}`);
  const samples = input.outcomes.filter((o) => o.otherSample).map((o) => `- ${o.name}: \`${o.otherSample}\``);
  return `## Checkout

Generated by \`npm run bench:checkout\` (bench/checkout.ts) on ${input.date}. A fresh PostgreSQL
database; one API process (\`NODE_ENV=production\`, worker off, the mock gateway in-process);
${SHOPPERS} signed-in shoppers with funded wallets; ${PLENTY_PRODUCTS} house products with plenty of
stock, ${HOT_PRODUCTS} "hot" ones with ${HOT_STOCK} units each (a third of the baskets reach for one, so
they sell out during the run and later buyers get 409), and ${FOREIGN_PRODUCTS} USD products from
another marketplace. autocannon drives \`POST /api/orders\` (a fresh Idempotency-Key each, 1–4 lines)
at ${CONNECTIONS} connections for ${DURATION} s per scenario. Machine load before the run:
${input.info.load} (1/5/15 min).

| scenario | orders/s | placed (201) | sold out (409) | other | p50 ms | p95 ms | p99 ms | max ms | target |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

- **wallet**: paid inline from the wallet ledger in the order's transaction (order paid at once).
- **mock gateway**: the order and a pending payment in one transaction, then a hosted-page session
  is created at the gateway over HTTP (the order waits for the shopper's Pay).

After the run, straight from the database:

${checks.join("\n")}
${samples.length > 0 ? `\nUnexpected answers (first of each scenario):\n\n${samples.join("\n")}\n` : ""}
Reproduce: \`BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:checkout\`
(knobs: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_SHOPPERS, BENCH_KEEP_DB=1).`;
}

async function main() {
  const dbName = `sokoni_bench_checkout_${Date.now()}`;
  const dbUrl = withDatabase(ADMIN_URL, dbName);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  let child: ChildProcess | undefined;
  try {
    const info = await machine(ADMIN_URL);
    await admin.query(`create database ${dbName}`);
    const jwtSecret = randomBytes(32).toString("hex");
    const fixture = await seed(dbUrl, jwtSecret);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the API process.
    const nodeArgs = (env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean);
    child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "apps/api/src/main.ts"], {
      cwd: root,
      env: {
        PATH: env.PATH,
        HOME: env.HOME,
        NODE_ENV: "production",
        DATABASE_URL: dbUrl,
        DATABASE_POOL_SIZE: "30",
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
      stdio: ["ignore", "ignore", "pipe"],
    });
    let serverErrors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      if (serverErrors.length < 20_000) serverErrors += chunk.toString();
    });
    await waitReady(base, child, 60_000);

    const outcomes: Outcome[] = [];
    let placedTotal = 0; // every 201, warm-ups included: each must be exactly one order in the database
    for (const [name, method, describe] of [
      ["wallet", "wallet", "paid from the wallet"],
      ["mock gateway", "mock", "hosted-page session per order"],
    ] as const) {
      log(`warming up ${name}`);
      placedTotal += (await drive(base, fixture, method, 2)).placed;
      log(`running ${name} for ${DURATION} s`);
      const r = await drive(base, fixture, method, DURATION);
      placedTotal += r.placed;
      log(
        `  ${fmt(r.ordersPerSecond, 0)} orders/s  p95 ${fmt(r.p95)} ms  (${r.placed} placed, ${r.soldOut} sold out, ${r.other} other)`,
      );
      outcomes.push({ name, describe, ...r });
    }
    await stopChild(child);
    if (serverErrors.trim()) log(`API stderr:\n${serverErrors.slice(0, 2000)}`);

    const runs = outcomes.length * 2; // a warm-up and a measured run per scenario
    const checks = await verify(dbUrl, fixture, placedTotal, runs * CONNECTIONS);
    for (const c of checks) log(`${c.ok ? "ok  " : "FAIL"} ${c.what}: ${c.detail}`);
    const section = render({ date: new Date().toISOString().slice(0, 10), info, outcomes, checks });
    const current = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "# Sokoni API benchmark\n";
    writeReport(REPORT, replaceSection(current, "checkout", section));
    log(`wrote ${path.relative(root, REPORT)}`);
    if (checks.some((c) => !c.ok)) process.exitCode = 1;
  } finally {
    await stopChild(child);
    if (env.BENCH_KEEP_DB === "1") log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
