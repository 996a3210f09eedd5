import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { queryRows } from "../../platform/db.ts";
import { newId } from "../../platform/ids.ts";
import { SEND_EMAIL_JOB } from "../notifications/index.ts";
import { makeOrder } from "./support.factories.ts";

// Route tests: the HTTP contract (status, problem shape, authorization). Each test sends from an
// address of its own, so the per-address rate limit (3 here) counts only that test's messages.
let t: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
let customer: Record<string, string>;
let customerUser: { id: string; email: string };

let seq = 0;
async function account(role: "customer" | "staff" | "admin") {
  seq += 1;
  const tag = `${Date.now().toString(36)}r${seq}`;
  const user = await t.modules.identity.ensureUser(t.ctx, {
    email: `${role}.${tag}@example.com`,
    password: "correct horse battery",
    role,
  });
  return { user, headers: { authorization: `Bearer ${await t.modules.tokens.sign({ userId: user.id, role })}` } };
}

beforeAll(async () => {
  t = await createTestApp({ SUPPORT_RATE_LIMIT: "3", SUPPORT_RATE_WINDOW: "600" });
  admin = (await account("admin")).headers;
  staff = (await account("staff")).headers;
  const c = await account("customer");
  customer = c.headers;
  customerUser = c.user;
});
afterAll(() => t.close());

let ip = 0;
const nextAddress = () => `10.0.0.${++ip}`;

function body(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: "Amina Wanjiru",
    email: `writer.${Date.now().toString(36)}${seq}@example.com`,
    subject: "Parcel not here yet",
    message: "My order has not arrived after ten days; could you check?",
    ...overrides,
  };
}

function post(payload: unknown, headers: Record<string, string> = {}, remoteAddress = nextAddress()) {
  return t.app.inject({ method: "POST", url: "/api/support", payload: payload as object, headers, remoteAddress });
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const json = res.json();
  expect(json).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(json.request_id).toBe(res.headers["x-request-id"]);
  return json as { errors?: { path: string; message: string }[] };
}

const stored = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from support.messages`))[0]?.n ?? 0;

describe("POST /api/support", () => {
  it("answers 201 with a reference to quote and queues the acknowledgement email", async () => {
    const payload = body();
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(201);
    const json = res.json();
    expect(json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: expect.stringMatching(/^SUP-\d{4,}$/),
      status: "open",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const emails = await t.app.inject({
      method: "GET",
      url: `/api/admin/emails?to=${encodeURIComponent(payload.email)}`,
      headers: admin,
    });
    expect(emails.statusCode, emails.body).toBe(200);
    const [email] = emails.json().items;
    expect(email).toMatchObject({
      template: "support_received",
      subject: `We received your message (${json.reference})`,
    });
    const jobs = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from pgboss.job where name = ${SEND_EMAIL_JOB} and data->>'emailId' = ${email.id}`,
    );
    expect(jobs[0]?.n).toBe(1);
  });

  it("records a signed-in sender's account", async () => {
    const res = await post(body({ email: customerUser.email }), customer);
    expect(res.statusCode, res.body).toBe(201);
    const detail = await t.app.inject({ method: "GET", url: `/api/admin/support/${res.json().id}`, headers: staff });
    expect(detail.json()).toMatchObject({ user_id: customerUser.id, email: customerUser.email, status: "open" });
  });

  it.each([
    ["name", { name: "" }],
    ["email", { email: "not-an-email" }],
    ["subject", { subject: "x" }],
    ["message", { message: "too short" }],
    ["message", { message: "x".repeat(5001) }],
    ["order_number", { order_number: "my order" }],
  ])("refuses a bad %s with 400 naming the field, storing nothing", async (field, overrides) => {
    const before = await stored();
    const res = await post(body(overrides));
    const json = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(json.errors?.map((e) => e.path)).toContain(`body.${field}`);
    expect(await stored()).toBe(before);
  });

  it.each(["name", "email", "subject", "message"])("refuses a missing %s with 400", async (field) => {
    const payload: Record<string, unknown> = body();
    delete payload[field];
    const json = expectProblem(await post(payload), 400, "VALIDATION_FAILED");
    expect(json.errors?.map((e) => e.path)).toContain(`body.${field}`);
  });

  it("refuses unknown fields (a sender cannot set the status)", async () => {
    const json = expectProblem(await post(body({ status: "resolved" })), 400, "VALIDATION_FAILED");
    expect(json.errors?.length).toBeGreaterThan(0);
  });

  it("refuses an order number that is not the sender's as a field error, storing and emailing nothing", async () => {
    const order = await makeOrder(t.ctx, t.modules, { userId: customerUser.id, email: customerUser.email });
    const before = await stored();
    const stranger = body({ order_number: order.number });
    const json = expectProblem(await post(stranger), 400, "SUPPORT_ORDER_NOT_FOUND");
    expect(json.errors).toEqual([{ path: "body.order_number", message: expect.any(String) }]);
    expect(await stored()).toBe(before);
    const emails = await t.modules.notifications.listEmails(t.ctx, { page: 1, pageSize: 5, to: stranger.email });
    expect(emails.total).toBe(0);

    // The owner, signed in, is understood.
    const own = await post(body({ order_number: order.number, email: customerUser.email }), customer);
    expect(own.statusCode, own.body).toBe(201);
    const detail = await t.app.inject({ method: "GET", url: `/api/admin/support/${own.json().id}`, headers: admin });
    expect(detail.json()).toMatchObject({ order_id: order.id, order_number: order.number });
  });

  it("limits messages per client address with 429 RATE_LIMITED and Retry-After; other addresses go on", async () => {
    const address = nextAddress();
    for (let i = 0; i < 3; i++) expect((await post(body(), {}, address)).statusCode).toBe(201);
    const limited = await post(body(), {}, address);
    expectProblem(limited, 429, "RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await post(body())).statusCode).toBe(201);
  });
});

describe("the support inbox: /api/admin/support", () => {
  async function sent() {
    const res = await post(body());
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  }

  it.each([
    ["GET", "/api/admin/support", undefined],
    ["GET", `/api/admin/support/${newId()}`, undefined],
    ["PATCH", `/api/admin/support/${newId()}`, { status: "resolved" }],
  ] as const)("%s %s: 401 for a guest, 403 for a customer", async (method, url, payload) => {
    const guest = await t.app.inject({ method, url, ...(payload ? { payload } : {}) });
    expectProblem(guest, 401, "UNAUTHORIZED");
    const refused = await t.app.inject({ method, url, headers: customer, ...(payload ? { payload } : {}) });
    expectProblem(refused, 403, "FORBIDDEN");
  });

  it("lists for staff and admins, newest first, filtered by status and paged", async () => {
    const a = await sent();
    const b = await sent();
    const list = await t.app.inject({
      method: "GET",
      url: "/api/admin/support?status=open&page_size=2",
      headers: staff,
    });
    expect(list.statusCode, list.body).toBe(200);
    const json = list.json();
    expect(json).toMatchObject({ page: 1, page_size: 2, total: expect.any(Number) });
    expect(json.items.map((m: { id: string }) => m.id)).toEqual([b.id, a.id]);
    expect(json.items[0]).toMatchObject({ reference: b.reference, status: "open", status_changed_by: null });

    const resolved = await t.app.inject({ method: "GET", url: "/api/admin/support?status=resolved", headers: admin });
    expect(resolved.json().items.map((m: { id: string }) => m.id)).not.toContain(a.id);
    const bad = await t.app.inject({ method: "GET", url: "/api/admin/support?status=closed", headers: admin });
    expect(expectProblem(bad, 400, "VALIDATION_FAILED").errors?.map((e) => e.path)).toContain("querystring.status");
  });

  it("resolves and reopens, recording who and when", async () => {
    const { user: staffUser, headers } = await account("staff");
    const m = await sent();
    const resolved = await t.app.inject({
      method: "PATCH",
      url: `/api/admin/support/${m.id}`,
      headers,
      payload: { status: "resolved" },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({
      id: m.id,
      status: "resolved",
      status_changed_by: { id: staffUser.id, email: staffUser.email },
      status_changed_at: expect.stringMatching(/^\d{4}-/),
    });
    const filtered = await t.app.inject({ method: "GET", url: "/api/admin/support?status=resolved", headers });
    expect(filtered.json().items.map((x: { id: string }) => x.id)).toContain(m.id);

    const reopened = await t.app.inject({
      method: "PATCH",
      url: `/api/admin/support/${m.id}`,
      headers: admin,
      payload: { status: "open" },
    });
    expect(reopened.json()).toMatchObject({
      status: "open",
      status_changed_by: { email: expect.stringMatching(/^admin\./) },
    });
  });

  it("refuses a bad status or extra fields with 400 and an unknown message with 404, changing nothing", async () => {
    const m = await sent();
    for (const payload of [{ status: "closed" }, { status: "resolved", note: "x" }, {}]) {
      const res = await t.app.inject({ method: "PATCH", url: `/api/admin/support/${m.id}`, headers: staff, payload });
      expectProblem(res, 400, "VALIDATION_FAILED");
    }
    const detail = await t.app.inject({ method: "GET", url: `/api/admin/support/${m.id}`, headers: staff });
    expect(detail.json()).toMatchObject({ status: "open", status_changed_at: null });
    const missing = await t.app.inject({ method: "GET", url: `/api/admin/support/${newId()}`, headers: staff });
    expectProblem(missing, 404, "SUPPORT_MESSAGE_NOT_FOUND");
    const badId = await t.app.inject({ method: "GET", url: "/api/admin/support/nope", headers: staff });
    expectProblem(badId, 400, "VALIDATION_FAILED");
  });
});
