/**
 * `npm run bench:web`: cold loads of the storefront in Debian's Chromium. Builds the web app when
 * stale, starts the real entry point (`npm start`'s main.ts) on a fresh embedded database with the
 * demo shop, then opens the home page and a product page, each BENCH_RUNS times in a newly launched
 * browser with an empty profile (no HTTP cache, no service worker), and records the navigation
 * timing, when the page's content is on screen, largest contentful paint, layout shift and bytes.
 * Writes its section of bench/REPORT.md.
 *
 * Environment (all optional): BENCH_RUNS (7), BENCH_REPORT (bench/REPORT.md), CHROMIUM_PATH.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { fmt, freePort, log, replaceSection, stopChild, waitReady, writeReport } from "./lib.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const REPORT = process.env.BENCH_REPORT ?? path.join(root, "bench/REPORT.md");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

type Sample = {
  ttfb: number;
  dcl: number;
  load: number;
  content: number;
  lcp: number;
  cls: number;
  kb: number;
  requests: number;
};

async function coldLoad(url: string, contentSelector: string): Promise<Sample> {
  // A new browser per load: Playwright gives each launch a fresh temporary profile.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number; __cls: number };
      w.__lcp = 0;
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__lcp = e.startTime;
      }).observe({ type: "largest-contentful-paint", buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!e.hadRecentInput) w.__cls += e.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector(contentSelector, { state: "visible" });
    const content = await page.evaluate(() => performance.now());
    await page.waitForTimeout(300); // let LCP and layout-shift entries arrive
    return await page.evaluate((contentAt) => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const bytes = nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0);
      const w = window as unknown as { __lcp: number; __cls: number };
      return {
        ttfb: nav.responseStart,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        content: contentAt,
        lcp: w.__lcp,
        cls: w.__cls,
        kb: bytes / 1024,
        requests: resources.length + 1,
      };
    }, content);
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const build = spawnSync(process.execPath, [path.join(root, "scripts/build-web.mjs"), "--if-stale"], {
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("web build failed");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sokoni-bench-web-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let api: ChildProcess | undefined;
  try {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    api = spawn(path.join(root, "node_modules/.bin/tsx"), ["apps/api/src/main.ts"], {
      cwd: root,
      env: {
        ...env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        NODE_ENV: "development",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    log("starting the API (embedded database, demo shop)");
    await waitReady(base, api, 180_000);
    const product = (await (await fetch(`${base}/api/products?marketplace=sokoni&page_size=1`)).json()) as {
      items: { id: string }[];
    };
    const productId = product.items[0]?.id;
    if (!productId) throw new Error("no product in the demo shop");
    const pages = [
      { name: "home `/`", url: `${base}/`, selector: 'ul[aria-label="Top rated products"] li img' },
      { name: "product `/products/:id`", url: `${base}/products/${productId}`, selector: "main h1" },
    ];
    // Warm the server (JIT, listing cache) so the figures are the browser's cold load, not the API's first request.
    for (const p of pages) await coldLoad(p.url, p.selector);

    const rows: string[] = [];
    for (const p of pages) {
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await coldLoad(p.url, p.selector));
      const col = (k: keyof Sample) => samples.map((s) => s[k]);
      log(
        `${p.name}: content ${col("content")
          .map((n) => n.toFixed(0))
          .join(", ")} ms`,
      );
      rows.push(
        `| ${p.name} | ${fmt(median(col("ttfb")))} | ${fmt(median(col("dcl")))} | ${fmt(median(col("load")))} | ${fmt(median(col("content")))} | ${fmt(Math.max(...col("content")))} | ${fmt(median(col("lcp")))} | ${fmt(Math.max(...col("cls")), 3)} | ${fmt(median(col("kb")), 0)} | ${median(col("requests"))} |`,
      );
    }
    const version = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim();
    const body = `## Web app: cold load

Generated by \`npm run bench:web\` (bench/web-load.ts) on ${new Date().toISOString().slice(0, 10)}: ${version}, headless,
1280×800, on localhost against \`npm start\`'s entry point (embedded PGlite, demo shop, production
build of apps/web served by the API). Each load is a newly launched browser with an empty profile (no
HTTP cache); ${RUNS} loads per page, after one warm-up load that primes the server, not the browser.
Times in ms from the start of navigation. "content" is when the page's own content is visible (home:
an image of the first top-rated product; product: its title), i.e. after the data requests. Machine
load before the run: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" / ")} (1/5/15 min).

| page | TTFB | DOMContentLoaded | load | content (median) | content (max) | LCP | CLS (max) | KiB transferred | requests |
| ---- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Target (issue 5): the landing and a product page load in < 1 s on localhost from a cold browser.

Where the time goes: up to DOMContentLoaded a new renderer parses and runs the main chunk (React,
the router, TanStack Query and zod: about 110 KiB compressed; assets are served pre-compressed with
brotli and cached immutably, index.html revalidated). Then the page's own chunk loads and only then
its API calls start (a waterfall: chunk → data → images). Preloading the route's chunk and starting
its queries from the router (loaders) would overlap them; zod could leave the main chunk (it parses
every response). Layout shift is 0: placeholders keep the size of what replaces them.

Reproduce: \`npm run bench:web\` (needs /usr/bin/chromium; knobs: BENCH_RUNS, CHROMIUM_PATH).`;
    writeReport(REPORT, replaceSection(readFileSync(REPORT, "utf8"), "web", body));
    log(`wrote the web section of ${path.relative(root, REPORT)}`);
  } finally {
    await stopChild(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
