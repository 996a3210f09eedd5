import { createSign, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findUniverseItem } from "../market-catalog/index.ts";
import {
  findWalmartItem,
  startWalmart,
  WALMART_API_PREFIX,
  WALMART_DEV_CONSUMER_ID,
  WALMART_DEV_PRIVATE_KEY,
  type WalmartSimulator,
  walmartItems,
} from "./index.ts";

let walmart: WalmartSimulator;
type Json = Record<string, unknown>;

function signed(over: { key?: string; consumer?: string; version?: string; ts?: string } = {}) {
  const consumer = over.consumer ?? WALMART_DEV_CONSUMER_ID;
  const version = over.version ?? "1";
  const ts = over.ts ?? String(Date.now());
  const signature = createSign("RSA-SHA256")
    .update(`${consumer}\n${ts}\n${version}\n`)
    .sign(over.key ?? WALMART_DEV_PRIVATE_KEY, "base64");
  return {
    "WM_CONSUMER.ID": consumer,
    "WM_CONSUMER.INTIMESTAMP": ts,
    "WM_SEC.KEY_VERSION": version,
    "WM_SEC.AUTH_SIGNATURE": signature,
  };
}

async function get(path: string, headers: Record<string, string> | null = signed()) {
  const res = await fetch(`${walmart.url}${WALMART_API_PREFIX}${path}`, { headers: headers ?? {} });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}
const items = (body: Json) => (body.items ?? []) as Json[];

beforeAll(async () => {
  walmart = await startWalmart({ mode: { latencyMs: 0 } });
});
afterAll(async () => {
  await walmart?.close();
});
beforeEach(() => {
  walmart.setMode({ latencyMs: 0, slow: false, fail: false, malformed: "off" });
});

describe("Walmart's share of the universe", () => {
  it("lists about half the universe, USD prices near the reference and only 12-digit UPCs", () => {
    const all = walmartItems();
    expect(all.length).toBeGreaterThan(800);
    expect(new Set(all.map((i) => i.itemId)).size).toBe(all.length);
    for (const i of all) {
      const u = findUniverseItem(i.universeItemId);
      expect(u).toBeDefined();
      if (i.upc) expect(i.upc).toBe(u?.gtin);
      if (i.upc) expect(i.upc).toMatch(/^\d{12}$/);
      expect(i.salePriceCents).toBeGreaterThan((u?.priceUsd ?? 0) * 0.85);
    }
    expect(findWalmartItem(all[0]?.itemId ?? 0)).toBe(all[0]);
  });
});

describe("signature", () => {
  it("refuses missing headers, another key, an unknown consumer or key version, and a stale timestamp", async () => {
    const other = String(
      generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }),
    );
    for (const headers of [
      null,
      signed({ key: other }),
      signed({ consumer: "nobody" }),
      signed({ version: "2" }),
      signed({ ts: String(Date.now() - 10 * 60_000) }),
    ]) {
      const res = await get("/search?query=phone", headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: [{ code: "UNAUTHORIZED", message: expect.any(String) }] });
    }
  });
});

describe("search", () => {
  it("answers items with the affiliate API's fields", async () => {
    const res = await get("/search?query=apple%20iphone&numItems=5");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ query: "apple iphone", totalResults: expect.any(Number), start: 1, numItems: 5 });
    for (const i of items(res.body)) {
      expect(i).toMatchObject({
        itemId: expect.any(Number),
        name: expect.stringContaining("iPhone"),
        salePrice: expect.any(Number),
        brandName: "Apple",
        categoryPath: expect.stringContaining("Cell Phones"),
        productUrl: expect.stringContaining(`${walmart.url}/ip/`),
        largeImage: expect.stringContaining("/img/"),
        stock: expect.stringMatching(/^(Available|Limited Supply|Not available)$/),
      });
    }
    const page = await fetch(String(items(res.body)[0]?.productUrl));
    expect(page.status).toBe(200);
    const img = await fetch(String(items(res.body)[0]?.largeImage));
    expect(img.headers.get("content-type")).toMatch(/svg/);
  });

  it("pages by start, sorts by price and filters by category and price range", async () => {
    const all = await get("/search?query=samsung&numItems=25");
    const second = await get("/search?query=samsung&numItems=5&start=6");
    expect(items(second.body).map((i) => i.itemId)).toEqual(
      items(all.body)
        .slice(5, 10)
        .map((i) => i.itemId),
    );
    const sorted = await get(
      `/search?query=samsung&numItems=25&sort=price&order=descending&categoryId=3944&facet=on&facet.range=${encodeURIComponent("price:[100 TO 900]")}`,
    );
    const prices = items(sorted.body).map((i) => Number(i.salePrice));
    expect(prices.length).toBeGreaterThan(0);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    expect(prices.every((p) => p >= 100 && p <= 900)).toBe(true);
    expect(items(sorted.body).every((i) => String(i.categoryPath).startsWith("Electronics"))).toBe(true);
  });

  it("refuses bad parameters with 400 and an unknown item with 404", async () => {
    for (const q of [
      "",
      "query=phone&numItems=26",
      "query=phone&start=1001",
      "query=phone&sort=cheap",
      "query=phone&facet=on&facet.range=price:10-20",
    ]) {
      const res = await get(`/search?${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ code: expect.any(Number), message: expect.any(String) }] });
    }
    expect((await get("/items/1")).status).toBe(404);
    const id = walmartItems()[3]?.itemId;
    const one = await get(`/items/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.itemId).toBe(id);
  });
});

describe("switches", () => {
  it("fails with 503, garbles items or the body, set over HTTP", async () => {
    const set = await fetch(`${walmart.url}/__sim/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fail: true }),
    });
    expect(set.status).toBe(200);
    expect((await get("/search?query=phone")).status).toBe(503);
    walmart.setMode({ fail: false, malformed: "items" });
    const garbled = items((await get("/search?query=phone&numItems=25")).body);
    expect(garbled[0]?.salePrice).toBeUndefined();
    expect(garbled.some((i) => typeof i.salePrice === "number")).toBe(true);
    walmart.setMode({ malformed: "body" });
    const body = await get("/search?query=phone");
    expect(body.status).toBe(200);
    expect(() => JSON.parse(body.text)).toThrow();
    // A bad signature is refused before any switch.
    expect((await get("/search?query=phone", signed({ consumer: "x" }))).status).toBe(401);
  });
});
