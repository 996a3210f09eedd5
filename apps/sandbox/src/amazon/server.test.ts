import aws4 from "aws4";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listingsOf } from "../market-catalog/index.ts";
import { type AmazonSimulator, PAAPI_TARGET_PREFIX, startAmazon, verifySigV4 } from "./index.ts";

// Requests are signed by the independent `aws4` package (not by the simulator's own code), so a
// pass means the simulator checks SigV4 as AWS specifies it.
const KEYS = { accessKeyId: "AKIATESTKEY000000001", secretAccessKey: "test/secret/key/for/the/paapi/simulator" };
let amazon: AmazonSimulator;
type Json = Record<string, unknown>;

type SendOptions = {
  keys?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service?: string;
  target?: string;
  /** Change the request after signing it (tamper tests). */
  after?: (req: { headers: Record<string, string>; body: string }) => void;
  sim?: AmazonSimulator;
};

async function send(operation: "SearchItems" | "GetItems", payload: Json, opts: SendOptions = {}) {
  const sim = opts.sim ?? amazon;
  const url = new URL(sim.url);
  const body = JSON.stringify(payload);
  const signed = aws4.sign(
    {
      host: url.host,
      path: `/paapi5/${operation.toLowerCase()}`,
      method: "POST",
      service: opts.service ?? "ProductAdvertisingAPI",
      region: opts.region ?? "us-east-1",
      body,
      headers: {
        "content-type": "application/json; charset=UTF-8",
        "content-encoding": "amz-1.0",
        "x-amz-target": opts.target ?? `${PAAPI_TARGET_PREFIX}${operation}`,
      },
    },
    opts.keys ?? KEYS,
  );
  const req = { headers: { ...(signed.headers as Record<string, string>) }, body };
  opts.after?.(req);
  const res = await fetch(`${sim.url}/paapi5/${operation.toLowerCase()}`, {
    method: "POST",
    headers: req.headers,
    body: req.body,
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json, text };
}

const searchBody = (extra: Json = {}): Json => ({
  Keywords: "galaxy s24",
  PartnerTag: "test-20",
  PartnerType: "Associates",
  Marketplace: "www.amazon.com",
  ...extra,
});

beforeAll(async () => {
  amazon = await startAmazon({
    accessKey: KEYS.accessKeyId,
    secretKey: KEYS.secretAccessKey,
    partnerTag: "test-20",
    requestsPerSecond: 0,
    mode: { latencyMs: 0 },
  });
});
afterAll(async () => {
  await amazon?.close();
});
beforeEach(() => {
  amazon.setMode({ latencyMs: 0, slow: false, fail: false, malformed: "off" });
});

describe("SearchItems", () => {
  it("answers a signed request with the documented SearchResult, only the requested Resources", async () => {
    const res = await send(
      "SearchItems",
      searchBody({ ItemCount: 3, Resources: ["ItemInfo.Title", "Offers.Listings.Price", "ItemInfo.ExternalIds"] }),
    );
    expect(res.status).toBe(200);
    const result = res.body.SearchResult as Json;
    expect(result.TotalResultCount).toEqual(expect.any(Number));
    expect(result.SearchURL).toEqual(expect.stringContaining("/s?k="));
    const items = result.Items as Json[];
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item).toMatchObject({
        ASIN: expect.stringMatching(/^B0[A-Z0-9]{8}$/),
        DetailPageURL: expect.stringContaining("tag=test-20"),
        ItemInfo: { Title: { DisplayValue: expect.stringContaining("Galaxy S24"), Label: "Title", Locale: "en_US" } },
        Offers: {
          Listings: [
            {
              Price: {
                Amount: expect.any(Number),
                Currency: "USD",
                DisplayAmount: expect.stringMatching(/^\$\d+\.\d{2}$/),
              },
            },
          ],
        },
      });
      // Not requested, not sent.
      expect(item).not.toHaveProperty("Images");
      expect(item).not.toHaveProperty("CustomerReviews");
      expect(Object.keys((item.Offers as { Listings: Json[] }).Listings[0] as Json)).toEqual(["Price"]);
    }
    expect(items.some((i) => ((i.ItemInfo as Json).ExternalIds as Json)?.EANs)).toBe(true);
  });

  it("pages with ItemCount and ItemPage, sorts by price, and refuses ItemCount above 10", async () => {
    const one = await send("SearchItems", searchBody({ Keywords: "iphone", ItemCount: 10, ItemPage: 1 }));
    const two = await send("SearchItems", searchBody({ Keywords: "iphone", ItemCount: 10, ItemPage: 2 }));
    const asins = (r: { body: Json }) => ((r.body.SearchResult as Json).Items as Json[]).map((i) => i.ASIN);
    expect(asins(one)).toHaveLength(10);
    expect(asins(two).filter((a) => asins(one).includes(a))).toEqual([]);
    const sorted = await send(
      "SearchItems",
      searchBody({ Keywords: "headphones", SortBy: "Price:LowToHigh", Resources: ["Offers.Listings.Price"] }),
    );
    const prices = ((sorted.body.SearchResult as Json).Items as Json[]).map(
      (i) => ((((i.Offers as Json).Listings as Json[])[0] as Json).Price as Json).Amount as number,
    );
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const tooMany = await send("SearchItems", searchBody({ ItemCount: 11 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({
      __type: "com.amazon.paapi5#ValidationException",
      Errors: [{ Code: "InvalidParameterValue", Message: expect.stringContaining("ItemCount") }],
    });
  });

  it("refuses a wrong PartnerTag, an unknown Resource and a missing search term", async () => {
    const tag = await send("SearchItems", searchBody({ PartnerTag: "other-20" }));
    expect(tag.status).toBe(400);
    expect((tag.body.Errors as Json[])[0]?.Code).toBe("InvalidPartnerTag");
    const resource = await send("SearchItems", searchBody({ Resources: ["ItemInfo.Everything"] }));
    expect(resource.status).toBe(400);
    expect((resource.body.Errors as Json[])[0]?.Code).toBe("InvalidParameterValue");
    const none = await send("SearchItems", searchBody({ Keywords: undefined }));
    expect(none.status).toBe(400);
    expect((none.body.Errors as Json[])[0]?.Code).toBe("MissingParameter");
  });

  it("answers no match with a NoResults error", async () => {
    const res = await send("SearchItems", searchBody({ Keywords: "zzqx nothing" }));
    expect(res.status).toBe(200);
    expect(res.body.SearchResult).toBeUndefined();
    expect((res.body.Errors as Json[])[0]?.Code).toBe("NoResults");
  });
});

describe("GetItems", () => {
  it("returns up to 10 items by ASIN and an error for each unknown one", async () => {
    const known = listingsOf("amazon")
      .slice(0, 2)
      .map((l) => l.id);
    const res = await send("GetItems", {
      ItemIds: [...known, "B000000000"],
      PartnerTag: "test-20",
      Resources: ["ItemInfo.Title", "ItemInfo.ByLineInfo", "CustomerReviews.StarRating", "OffersV2.Listings.Price"],
    });
    expect(res.status).toBe(200);
    const items = (res.body.ItemsResult as Json).Items as Json[];
    expect(items.map((i) => i.ASIN)).toEqual(known);
    expect(items[0]).toMatchObject({
      ItemInfo: { ByLineInfo: { Brand: { DisplayValue: expect.any(String) } } },
      OffersV2: { Listings: [{ Price: { Money: { Amount: expect.any(Number), Currency: "USD" } } }] },
    });
    expect(res.body.Errors).toEqual([
      expect.objectContaining({ Code: "InvalidParameterValue", Message: expect.stringContaining("B000000000") }),
    ]);
    const eleven = await send("GetItems", {
      ItemIds: Array.from({ length: 11 }, () => known[0]),
      PartnerTag: "test-20",
    });
    expect(eleven.status).toBe(400);
    expect((eleven.body.Errors as Json[])[0]?.Code).toBe("InvalidParameterValue");
  });
});

describe("SigV4", () => {
  it("refuses a body changed after signing with 401 InvalidSignature", async () => {
    const res = await send("SearchItems", searchBody(), {
      after: (req) => {
        req.body = req.body.replace("galaxy s24", "galaxy s23");
      },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      __type: "com.amazon.paapi5#InvalidSignatureException",
      Errors: [{ Code: "InvalidSignature", Message: expect.stringContaining("not been correctly signed") }],
    });
  });

  it("refuses a wrong secret, region or service with 401 InvalidSignature", async () => {
    for (const opts of [
      { keys: { accessKeyId: KEYS.accessKeyId, secretAccessKey: "not-the-secret" } },
      { region: "eu-west-1" },
      { service: "execute-api" },
    ]) {
      const res = await send("SearchItems", searchBody(), opts);
      expect(res.status).toBe(401);
      expect((res.body.Errors as Json[])[0]?.Code).toBe("InvalidSignature");
    }
  });

  it("refuses an unknown access key with 401 UnrecognizedClient", async () => {
    const res = await send("SearchItems", searchBody(), { keys: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" } });
    expect(res.status).toBe(401);
    expect(res.body.__type).toBe("com.amazon.paapi5#UnrecognizedClientException");
  });

  it("refuses a request without a signature, or with a header added after signing", async () => {
    const unsigned = await fetch(`${amazon.url}/paapi5/searchitems`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=UTF-8",
        "content-encoding": "amz-1.0",
        "x-amz-target": `${PAAPI_TARGET_PREFIX}SearchItems`,
      },
      body: JSON.stringify(searchBody()),
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as Json).__type).toBe("com.amazon.paapi5#IncompleteSignatureException");
    const retargeted = await send("SearchItems", searchBody(), {
      after: (req) => {
        req.headers["X-Amz-Target"] = `${PAAPI_TARGET_PREFIX}GetItems`;
      },
    });
    expect(retargeted.status).toBe(401);
  });

  it("refuses a stale X-Amz-Date", async () => {
    const res = await send("SearchItems", searchBody(), {
      after: (req) => {
        // Re-sign for an hour ago: a valid signature, but outside the 15-minute window.
        const url = new URL(amazon.url);
        const old = new Date(Date.now() - 3600_000).toISOString().replace(/[:-]|\.\d{3}/g, "");
        const signed = aws4.sign(
          {
            host: url.host,
            path: "/paapi5/searchitems",
            method: "POST",
            service: "ProductAdvertisingAPI",
            region: "us-east-1",
            body: req.body,
            headers: {
              "content-type": "application/json; charset=UTF-8",
              "content-encoding": "amz-1.0",
              "x-amz-target": `${PAAPI_TARGET_PREFIX}SearchItems`,
              "X-Amz-Date": old,
            },
          },
          KEYS,
        );
        req.headers = { ...(signed.headers as Record<string, string>) };
      },
    });
    expect(res.status).toBe(401);
    expect((res.body.Errors as Json[])[0]?.Message).toContain("expired");
  });

  it("verifies a GET with a query string signed by aws4 (canonical query order and encoding)", () => {
    const signed = aws4.sign(
      {
        host: "example.test",
        path: "/paapi5/x?b=2&a=hello%20world&a=1&c=%2A",
        method: "GET",
        service: "ProductAdvertisingAPI",
        region: "us-east-1",
        headers: { "x-amz-target": "t" },
      },
      KEYS,
    );
    const headers = Object.fromEntries(
      Object.entries(signed.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const check = (url: string) =>
      verifySigV4(
        { method: "GET", url, headers, body: Buffer.alloc(0) },
        {
          region: "us-east-1",
          service: "ProductAdvertisingAPI",
          secretFor: (k) => (k === KEYS.accessKeyId ? KEYS.secretAccessKey : undefined),
          now: new Date(),
          maxSkewMs: 900_000,
        },
      );
    expect(check(String(signed.path))).toEqual({ ok: true, accessKey: KEYS.accessKeyId });
    expect(check("/paapi5/x?b=3&a=hello%20world&a=1&c=%2A")).toMatchObject({ ok: false, code: "InvalidSignature" });
  });
});

describe("throttle", () => {
  it("answers a second request within the same second with 429 TooManyRequestsException", async () => {
    const sim = await startAmazon({
      accessKey: KEYS.accessKeyId,
      secretKey: KEYS.secretAccessKey,
      partnerTag: "test-20",
      mode: { latencyMs: 0 },
    });
    try {
      const first = await send("SearchItems", searchBody(), { sim });
      const second = await send("SearchItems", searchBody(), { sim });
      expect(first.status).toBe(200);
      expect(second.status).toBe(429);
      expect(second.body).toEqual({
        __type: "com.amazon.paapi5#TooManyRequestsException",
        Errors: [{ Code: "TooManyRequests", Message: expect.stringContaining("request throttling") }],
      });
      expect(sim.throttled()).toBe(1);
      await new Promise((r) => setTimeout(r, 1050));
      expect((await send("SearchItems", searchBody(), { sim })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe("switches", () => {
  it("fail: 500 InternalFailure", async () => {
    amazon.setMode({ fail: true });
    const res = await send("SearchItems", searchBody());
    expect(res.status).toBe(500);
    expect((res.body.Errors as Json[])[0]?.Code).toBe("InternalFailure");
  });

  it("malformed: a garbled body, or items missing or garbling fields", async () => {
    amazon.setMode({ malformed: "body" });
    const body = await send("SearchItems", searchBody());
    expect(body.status).toBe(200);
    expect(() => JSON.parse(body.text)).toThrow();
    amazon.setMode({ malformed: "items" });
    const res = await send("SearchItems", searchBody({ Resources: ["ItemInfo.Title", "Offers.Listings.Price"] }));
    const items = (res.body.SearchResult as Json).Items as Json[];
    const whole = (i: Json) =>
      typeof i.ASIN === "string" &&
      typeof ((i.ItemInfo as Json | undefined)?.Title as Json | undefined)?.DisplayValue === "string" &&
      typeof (((i.Offers as Json | undefined)?.Listings as Json[] | undefined)?.[0]?.Price as Json | undefined)
        ?.Amount === "number";
    expect(whole(items[0] as Json)).toBe(false);
    expect(items.some(whole)).toBe(true);
  });
});
