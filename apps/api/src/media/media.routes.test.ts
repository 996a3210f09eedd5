import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerErrorHandling } from "../platform/http/error-handler.ts";
import { mediaRoutes } from "./media.routes.ts";
import { escapeXml, parseProductImageKey, productImageKey, renderProductImage } from "./product-image.ts";

// The plugin is encapsulated: it is tested on a bare Fastify with the platform's error handling,
// which is all it relies on (app.ts registers it on the real app).
const app = Fastify();
beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(mediaRoutes);
  await app.ready();
});
afterAll(() => app.close());

const KEY = productImageKey("phone", "Samsung", "Galaxy A15");

describe("GET /media/products/:key.svg", () => {
  it("serves a well-formed SVG with long-lived caching", async () => {
    const res = await app.inject({ method: "GET", url: `/media/products/${KEY}.svg` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 400 400"/);
    expect(res.body.trim().endsWith("</svg>")).toBe(true);
    expect(res.body).toContain("SAMSUNG");
    expect(res.body).toContain("Galaxy A15");
    expect(res.body).not.toMatch(/<script|on\w+=/i);
    // Tags balance: every element opened is closed or self-closing.
    const opened = res.body.match(/<(?!\/)[a-zA-Z]+[^>]*[^/]>/g)?.length ?? 0;
    const closed = res.body.match(/<\/[a-zA-Z]+>/g)?.length ?? 0;
    expect(opened).toBe(closed);
  });

  it("renders the same bytes for the same key and different colours for different keys", async () => {
    const a = await app.inject({ method: "GET", url: `/media/products/${KEY}.svg` });
    const b = await app.inject({ method: "GET", url: `/media/products/${KEY}.svg` });
    expect(a.body).toBe(b.body);
    const other = await app.inject({ method: "GET", url: `/media/products/shoe--nike--air-zoom-pegasus-40.svg` });
    expect(other.statusCode).toBe(200);
    const fill = (svg: string) => svg.match(/stop-color="([^"]+)"/)?.[1];
    expect(fill(other.body)).not.toBe(fill(a.body));
  });

  it("answers a revalidation with 304 Not Modified", async () => {
    const first = await app.inject({ method: "GET", url: `/media/products/${KEY}.svg` });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await app.inject({
      method: "GET",
      url: `/media/products/${KEY}.svg`,
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it.each([
    "phone--samsung--galaxy-a15.png",
    "phone--samsung--galaxy-a15",
    "rocket--samsung--galaxy-a15.svg",
    "phone--Samsung--galaxy.svg",
    "phone--samsung.svg",
    "..%2F..%2Fetc%2Fpasswd.svg",
    "phone--samsung--%3Cscript%3E.svg",
    "phone--samsung--galaxy--a15.svg",
  ])("answers 404 problem+json for %s", async (file) => {
    const res = await app.inject({ method: "GET", url: `/media/products/${file}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("refuses an over-long file name before rendering anything", async () => {
    const res = await app.inject({ method: "GET", url: `/media/products/phone--${"a".repeat(300)}--b.svg` });
    // The router refuses parameters over 100 characters (414) before the handler runs.
    expect([404, 414]).toContain(res.statusCode);
    expect(res.headers["content-type"]).not.toMatch(/svg/);
  });

  it("escapes text placed in the SVG", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
    const svg = renderProductImage("box--a--b", { glyph: "box", brand: "H&M <x>", model: `"Quote" & 'Co'` });
    expect(svg).not.toContain("<x>");
    expect(svg).toContain("H&#38;M &#60;X&#62;");
    expect(svg).toContain("&#34;Quote&#34; &#38; &#39;Co&#39;");
  });

  it("keeps every issued key within the router's 100-character parameter limit", () => {
    const key = productImageKey("headphones", "x".repeat(80), "y".repeat(80));
    expect(`${key}.svg`.length).toBeLessThanOrEqual(100);
    expect(parseProductImageKey(key)).toBeDefined();
  });

  it("turns slugs back into readable names", () => {
    expect(parseProductImageKey("laptop--apple--macbook-air-m2")).toEqual({
      glyph: "laptop",
      brand: "Apple",
      model: "MacBook Air M2",
    });
    expect(parseProductImageKey("phone--apple--iphone-15-pro")?.model).toBe("iPhone 15 Pro");
  });
});
