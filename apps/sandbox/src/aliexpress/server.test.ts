import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findUniverseItem } from "../market-catalog/index.ts";
import {
  ALIEXPRESS_DEV_APP_KEY,
  ALIEXPRESS_DEV_APP_SECRET,
  ALIEXPRESS_METHODS,
  type AliExpressSimulator,
  aliexpressProducts,
  aliexpressSign,
  startAliExpress,
} from "./index.ts";

let ali: AliExpressSimulator;
type Json = Record<string, unknown>;

function params(
  business: Record<string, string>,
  over: Record<string, string> = {},
  secret = ALIEXPRESS_DEV_APP_SECRET,
) {
  const p: Record<string, string> = {
    method: ALIEXPRESS_METHODS.query,
    app_key: ALIEXPRESS_DEV_APP_KEY,
    timestamp: String(Date.now()),
    sign_method: "sha256",
    ...business,
    ...over,
  };
  p.sign = aliexpressSign(p, secret);
  return p;
}

async function call(p: Record<string, string>, how: "GET" | "POST" = "POST") {
  const qs = new URLSearchParams(p).toString();
  const res =
    how === "GET"
      ? await fetch(`${ali.url}/sync?${qs}`)
      : await fetch(`${ali.url}/sync`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
          body: qs,
        });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}
const resp = (body: Json, method: string = ALIEXPRESS_METHODS.query) =>
  ((body[`${method.replace(/\./g, "_")}_response`] as Json | undefined)?.resp_result ?? {}) as Json;
const products = (body: Json, method?: string) =>
  (((resp(body, method).result as Json | undefined)?.products as Json | undefined)?.product ?? []) as Json[];

beforeAll(async () => {
  ali = await startAliExpress({ mode: { latencyMs: 0 } });
});
afterAll(async () => {
  await ali?.close();
});
beforeEach(() => {
  ali.setMode({ latencyMs: 0, slow: false, fail: false, malformed: "off" });
});

describe("AliExpress's share of the universe", () => {
  it("lists about half the universe, cheaper than the reference, with unique 16-digit ids", () => {
    const all = aliexpressProducts();
    expect(all.length).toBeGreaterThan(800);
    expect(new Set(all.map((p) => p.productId)).size).toBe(all.length);
    for (const p of all) {
      const u = findUniverseItem(p.universeItemId);
      expect(String(p.productId)).toMatch(/^\d{16}$/);
      expect(p.salePriceCents).toBeLessThan(u?.priceUsd ?? 0);
      expect(p.originalPriceCents).toBeGreaterThan(p.salePriceCents);
    }
  });
});

describe("gateway", () => {
  it("refuses a missing parameter, an unknown app key, a wrong signature and an old timestamp", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ method: ALIEXPRESS_METHODS.query, app_key: ALIEXPRESS_DEV_APP_KEY }, "MissingParameter"],
      [params({ keywords: "phone" }, { app_key: "1" }), "InvalidAppKey"],
      [params({ keywords: "phone" }, {}, "wrong-secret"), "IncompleteSignature"],
      [{ ...params({ keywords: "phone" }), keywords: "tablet" }, "IncompleteSignature"],
      [params({ keywords: "phone" }, { timestamp: String(Date.now() - 3_600_000) }), "InvalidTimestamp"],
      [params({ keywords: "phone" }, { method: "aliexpress.ds.order.create" }), "InvalidApiPath"],
    ];
    for (const [p, code] of cases) {
      const res = await call(p);
      expect(res.body).toEqual({
        error_response: { type: "ISV", code, msg: expect.any(String), request_id: expect.any(String) },
      });
    }
  });

  it("answers the product query over GET and POST alike, in the resp_result envelope", async () => {
    const p = params({ keywords: "samsung galaxy", page_size: "5", tracking_id: "t1" });
    const post = await call(p, "POST");
    const get = await call(p, "GET");
    // The same answer both ways (each call has its own request_id).
    expect(resp(post.body)).toEqual(resp(get.body));
    const r = resp(post.body);
    expect(r).toMatchObject({
      resp_code: 200,
      result: { current_page_no: 1, current_record_count: 5, total_record_count: expect.any(Number) },
    });
    for (const x of products(post.body)) {
      expect(x).toMatchObject({
        product_id: expect.any(Number),
        product_title: expect.stringContaining("Samsung"),
        target_sale_price: expect.stringMatching(/^\d+\.\d{2}$/),
        target_sale_price_currency: "USD",
        product_main_image_url: expect.stringContaining("/img/"),
        product_detail_url: expect.stringMatching(/\/item\/\d+\.html$/),
        promotion_link: expect.stringContaining("aff_trace_key=t1"),
      });
    }
    expect((await fetch(String(products(post.body)[0]?.product_detail_url))).status).toBe(200);
  });

  it("pages, sorts, filters by price in cents and category, converts currency", async () => {
    const all = products((await call(params({ keywords: "phone", page_size: "10" }))).body);
    const second = products((await call(params({ keywords: "phone", page_size: "5", page_no: "2" }))).body);
    expect(second.map((x) => x.product_id)).toEqual(all.slice(5, 10).map((x) => x.product_id));
    const sorted = products(
      (
        await call(
          params({
            keywords: "phone",
            page_size: "50",
            sort: "SALE_PRICE_ASC",
            min_sale_price: "10000",
            max_sale_price: "50000",
            category_ids: "509",
          }),
        )
      ).body,
    );
    const prices = sorted.map((x) => Number(x.target_sale_price));
    expect(prices.length).toBeGreaterThan(0);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(prices.every((v) => v >= 100 && v <= 500)).toBe(true);
    expect(sorted.every((x) => x.first_level_category_id === 509)).toBe(true);
    const eur = products((await call(params({ keywords: "phone", page_size: "10", target_currency: "EUR" }))).body);
    expect(eur[0]).toMatchObject({ target_sale_price_currency: "EUR" });
    expect(Number(eur[0]?.target_sale_price)).toBeLessThan(Number(all[0]?.target_sale_price));
  });

  it("refuses bad business parameters inside resp_result; product detail finds by id", async () => {
    const bad: Record<string, string>[] = [
      { keywords: "phone", page_size: "51" },
      { keywords: "phone", target_currency: "KES" },
      {},
    ];
    for (const b of bad) {
      const r = resp((await call(params(b))).body);
      expect(r).toEqual({ resp_code: 402, resp_msg: expect.stringMatching(/Invalid input parameter/) });
    }
    const id = String(aliexpressProducts()[7]?.productId);
    const detail = await call(params({ product_ids: `${id},1` }, { method: ALIEXPRESS_METHODS.detail }));
    const found = products(detail.body, ALIEXPRESS_METHODS.detail);
    expect(found.map((x) => String(x.product_id))).toEqual([id]);
  });
});

describe("switches", () => {
  it("fails with 503, garbles products or the body, set over HTTP", async () => {
    const set = await fetch(`${ali.url}/__sim/mode`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fail: true }),
    });
    expect(set.status).toBe(200);
    const failed = await call(params({ keywords: "phone" }));
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ error_response: { code: "ServiceUnavailable" } });
    ali.setMode({ fail: false, malformed: "items" });
    const garbled = products((await call(params({ keywords: "phone", page_size: "30" }))).body);
    expect(garbled[0]?.target_sale_price).toBeUndefined();
    expect(garbled.some((x) => typeof x.target_sale_price === "string")).toBe(true);
    ali.setMode({ malformed: "body" });
    const body = await call(params({ keywords: "phone" }));
    expect(() => JSON.parse(body.text)).toThrow();
  });
});
