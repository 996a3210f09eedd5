import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { hasWebBuild, webApp } from "./index.ts";

/** A stand-in build (the real one is made by Vite; the browser tests serve that). */
const root = mkdtempSync(path.join(tmpdir(), "sokoni-web-"));
const JS = "console.log('sokoni');";
const INDEX =
  '<!doctype html><html lang="en"><head><title>Sokoni</title></head><body><div id="root"></div></body></html>';

let t: TestApp;
beforeAll(async () => {
  mkdirSync(path.join(root, "assets"));
  writeFileSync(path.join(root, "index.html"), INDEX);
  writeFileSync(path.join(root, "assets", "index-abc123.js"), JS);
  writeFileSync(path.join(root, "robots.txt"), "User-agent: *\n");
  writeFileSync(path.join(root, "assets", "index-abc123.js.br"), brotliCompressSync(Buffer.from(JS)));
  t = await createTestApp({}, { configure: (app) => void app.register(webApp, { root }) });
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the storefront served by the API", () => {
  it("knows whether a build exists", () => {
    expect(hasWebBuild(root)).toBe(true);
    expect(hasWebBuild(path.join(root, "nope"))).toBe(false);
  });

  it.each(["/", "/products/2f0c1f4e-0000-4000-8000-000000000000", "/search?q=phone&page=2", "/orders/x/confirmation"])(
    "answers %s with index.html, never cached (the app routes on the client)",
    async (url) => {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.body).toBe(INDEX);
    },
  );

  it("serves hashed assets as immutable and other files as revalidated", async () => {
    const asset = await t.app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.body).toContain("sokoni");
    // Pre-compressed beside it: sent as is to a browser that takes brotli.
    const br = await t.app.inject({
      method: "GET",
      url: "/assets/index-abc123.js",
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(JS);
    const robots = await t.app.inject({ method: "GET", url: "/robots.txt" });
    expect(robots.statusCode).toBe(200);
    expect(robots.headers["cache-control"]).toBe("no-cache");
  });

  it("leaves the API's 404s alone: unknown API routes and missing files are problem+json", async () => {
    for (const url of ["/api/nope", "/api", "/media/unknown", "/assets/missing.js", "/favicon.ico"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/^application\/problem\+json/);
    }
    const post = await t.app.inject({ method: "POST", url: "/products/x" });
    expect(post.statusCode).toBe(404);
    expect(post.json().code).toBe("ROUTE_NOT_FOUND");
  });

  it("keeps the API working beside it", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/products?page_size=1" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ page: 1, page_size: 1 });
    const health = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(health.json()).toEqual({ status: "ok" });
  });
});
