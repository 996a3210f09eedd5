import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { AppError, ConflictError } from "../errors.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(
    { BODY_LIMIT: "2048" },
    {
      configure(app) {
        app.get("/test/boom", async () => {
          throw new Error("secret internals: password=hunter2");
        });
        app.get("/test/conflict", async () => {
          throw new ConflictError("OUT_OF_STOCK", "Only 2 left", [{ path: "body.quantity", message: "too many" }]);
        });
        app.post("/test/echo", async (req) => ({ received: req.body }));
      },
    },
  );
});
afterAll(() => t.close());

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.request_id).toBe(res.headers["x-request-id"]);
  return body;
}

describe("HTTP platform", () => {
  it("answers an unknown route with a problem+json 404 carrying the request id", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/nope" });
    const body = expectProblem(res, 404);
    expect(body).toMatchObject({ code: "ROUTE_NOT_FOUND", title: "Not Found" });
  });

  it("echoes a sane incoming X-Request-Id and replaces an unsafe one", async () => {
    const kept = await t.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "abc-123" } });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const replaced = await t.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "bad id\n" } });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives every response a distinct request id", async () => {
    const a = await t.app.inject({ method: "GET", url: "/healthz" });
    const b = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(a.headers["x-request-id"]).toBeTruthy();
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
  });

  it("reports readiness with the database kind", async () => {
    const res = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json().database).toBe(t.database.kind);
  });

  it("hides the internals of an unexpected error behind a generic 500", async () => {
    const res = await t.app.inject({ method: "GET", url: "/test/boom" });
    const body = expectProblem(res, 500);
    expect(body.code).toBe("INTERNAL_ERROR");
    expect(res.body).not.toContain("hunter2");
    expect(res.body).not.toContain("at ");
  });

  it("renders an AppError with its status, code and field errors", async () => {
    const res = await t.app.inject({ method: "GET", url: "/test/conflict" });
    const body = expectProblem(res, 409);
    expect(body).toMatchObject({ code: "OUT_OF_STOCK", detail: "Only 2 left", errors: [{ path: "body.quantity" }] });
    expect(new AppError("X", 418, "y").status).toBe(418);
  });

  it("refuses malformed JSON with 400 MALFORMED_JSON", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/json" },
      payload: '{"a": ',
    });
    expect(expectProblem(res, 400).code).toBe("MALFORMED_JSON");
  });

  it("refuses an oversized body with 413", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ blob: "x".repeat(5000) }),
    });
    expect(expectProblem(res, 413).code).toBe("BODY_TOO_LARGE");
  });

  it("refuses a body that is not JSON with 415", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/test/echo",
      headers: { "content-type": "application/xml" },
      payload: "<a/>",
    });
    expect(expectProblem(res, 415).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a malformed bearer token with 401 on any route", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz", headers: { authorization: "Bearer nope" } });
    expect(expectProblem(res, 401).code).toBe("INVALID_TOKEN");
    expect(res.headers["www-authenticate"]).toBe("Bearer");
  });

  it("sets helmet security headers", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toBeTruthy();
  });

  it("lets pictures come from https, and from loopback http (the sandbox's stores) outside production", async () => {
    const imgSrc = (csp: unknown) => /img-src ([^;]*)/.exec(String(csp))?.[1]?.split(" ");
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(imgSrc(res.headers["content-security-policy"])).toEqual([
      "'self'",
      "data:",
      "https:",
      "http://127.0.0.1:*",
      "http://localhost:*",
    ]);
    const prod = await createTestApp({
      NODE_ENV: "production",
      MOCK_GATEWAY_SECRET: "prod-secret-for-the-test-0123456789",
      MARKETPLACE_CREDENTIALS_KEY: "0123456789abcdef".repeat(4),
    });
    try {
      const prodRes = await prod.app.inject({ method: "GET", url: "/healthz" });
      expect(imgSrc(prodRes.headers["content-security-policy"])).toEqual(["'self'", "data:", "https:"]);
    } finally {
      await prod.close();
    }
  });

  it("exposes Prometheus metrics labelled by route template and status", async () => {
    await t.app.inject({ method: "GET", url: "/api/nope-metrics" });
    await t.app.inject({ method: "GET", url: "/healthz" });
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    // Unmatched URLs share one label instead of one series each.
    expect(res.body).not.toContain("nope-metrics");
    expect(res.body).toMatch(/route="unmatched",status="404"/);
  });

  it("publishes an OpenAPI document and a docs page", async () => {
    const spec = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(spec.statusCode).toBe(200);
    expect(spec.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: "Sokoni API" } });
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toMatch(/text\/html/);
  });
});
