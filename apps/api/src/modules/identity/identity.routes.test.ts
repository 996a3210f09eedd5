import type { LightMyRequestResponse } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ENV, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let seq = 0;
function newUserBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  const tag = `${Date.now().toString(36)}${seq}`;
  return {
    username: `user_${tag}`,
    email: `user.${tag}@example.com`,
    phone_number: "0712345678",
    password: "correct horse battery",
    ...overrides,
  };
}

type Session = { user: { id: string; email: string; username: string }; access_token: string; refresh_token: string };

async function register(overrides: Record<string, unknown> = {}): Promise<Session> {
  const res = await t.app.inject({ method: "POST", url: "/api/users", payload: newUserBody(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every error of the API is RFC 9457 problem+json with a stable code and the request id. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(body.detail).toEqual(expect.any(String));
  expect(body.request_id).toBe(res.headers["x-request-id"]);
  return body as { errors?: { path: string; message: string }[] };
}

function expectNoSecrets(res: LightMyRequestResponse) {
  expect(res.body).not.toMatch(/password|argon2|hash/i);
}

describe("POST /api/users", () => {
  it("registers a customer and returns the user with a token pair, never the hash", async () => {
    const body = newUserBody({ first_name: "Amina", last_name: "Otieno" });
    const res = await t.app.inject({ method: "POST", url: "/api/users", payload: body });
    expect(res.statusCode).toBe(201);
    const json = res.json();
    expect(json.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: body.username,
      email: body.email,
      phone_number: "+254712345678",
      first_name: "Amina",
      last_name: "Otieno",
      role: "customer",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(json.access_token).toEqual(expect.any(String));
    expect(json.refresh_token).toEqual(expect.any(String));
    expectNoSecrets(res);
  });

  it.each([
    ["email", { email: "not-an-email" }],
    ["username", { username: "a" }],
    ["username", { username: "has space" }],
    ["password", { password: "short" }],
    ["password", { password: "x".repeat(129) }],
    ["phone_number", { phone_number: "" }],
    ["first_name", { first_name: 42 }],
  ])("rejects a bad %s with 400 naming the field", async (field, overrides) => {
    const res = await t.app.inject({ method: "POST", url: "/api/users", payload: newUserBody(overrides) });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.map((e) => e.path)).toContain(`body.${field}`);
  });

  it.each(["email", "username", "password", "phone_number"])("rejects a missing %s with 400", async (field) => {
    const payload: Record<string, unknown> = newUserBody();
    delete payload[field];
    const res = await t.app.inject({ method: "POST", url: "/api/users", payload });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.map((e) => e.path)).toContain(`body.${field}`);
  });

  it("rejects unknown fields (a client cannot make itself admin)", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/users", payload: newUserBody({ role: "admin" }) });
    expectProblem(res, 400, "VALIDATION_FAILED");
  });

  it.each([
    ["0712345678", "+254712345678"],
    ["0112345678", "+254112345678"],
    ["+254712345678", "+254712345678"],
    ["254712345678", "+254712345678"],
    ["+254112345678", "+254112345678"],
    ["0722 123 456", "+254722123456"],
  ])("normalizes the phone number %s to E.164", async (input, expected) => {
    const { user } = await register({ phone_number: input });
    expect((user as unknown as { phone_number: string }).phone_number).toBe(expected);
  });

  it.each(["12345", "not a phone", "0712", "07123456789", "+254012345678"])(
    "rejects the junk phone number %s with 400 naming the field",
    async (phone) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/users",
        payload: newUserBody({ phone_number: phone }),
      });
      const body = expectProblem(res, 400, "INVALID_PHONE_NUMBER");
      expect(body.errors?.map((e) => e.path)).toEqual(["body.phone_number"]);
    },
  );

  it("refuses an email that differs only in case with 409 EMAIL_TAKEN", async () => {
    const first = newUserBody();
    await register(first);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: newUserBody({ email: first.email.toUpperCase() }),
    });
    const body = expectProblem(res, 409, "EMAIL_TAKEN");
    expect(body.errors?.map((e) => e.path)).toEqual(["body.email"]);
  });

  it("refuses a username taken in another case with 409 USERNAME_TAKEN", async () => {
    const first = newUserBody();
    await register(first);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: newUserBody({ username: first.username.toUpperCase() }),
    });
    const body = expectProblem(res, 409, "USERNAME_TAKEN");
    expect(body.errors?.map((e) => e.path)).toEqual(["body.username"]);
  });

  it("lets exactly one of two simultaneous registrations of one email through", async () => {
    const email = `race.${Date.now()}@example.com`;
    const results = await Promise.all(
      [1, 2].map(() => t.app.inject({ method: "POST", url: "/api/users", payload: newUserBody({ email }) })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    if (loser) expectProblem(loser, 409, "EMAIL_TAKEN");
  });
});

describe("POST /api/auth/login", () => {
  it("signs in by email, by username and by `login`, case-insensitively", async () => {
    const body = newUserBody();
    await register(body);
    for (const payload of [
      { email: body.email.toUpperCase(), password: body.password },
      { username: body.username, password: body.password },
      { login: body.email, password: body.password },
      { login: body.username.toUpperCase(), password: body.password },
    ]) {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload });
      expect(res.statusCode, res.body).toBe(200);
      const json = res.json();
      expect(json).toMatchObject({ token_type: "Bearer", expires_in: 900, user: { email: body.email } });
      expect(json.access_token).toEqual(expect.any(String));
      expectNoSecrets(res);
    }
  });

  it("answers a wrong password and an unknown user with the same 401", async () => {
    const body = newUserBody();
    await register(body);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: body.email, password: "wrong password" },
    });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "nobody@example.com", password: "wrong password" },
    });
    const a = expectProblem(wrong, 401, "INVALID_CREDENTIALS");
    const b = expectProblem(unknown, 401, "INVALID_CREDENTIALS");
    expect({ ...a, request_id: "" }).toEqual({ ...b, request_id: "" });
  });

  it("requires an identifier", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { password: "whatever1" } });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.map((e) => e.path)).toContain("body.login");
  });
});

describe("refresh tokens", () => {
  const refresh = (refresh_token: string) =>
    t.app.inject({ method: "POST", url: "/api/auth/refresh", payload: { refresh_token } });

  it("rotates: a refresh returns a new pair and spends the old token", async () => {
    const s = await register();
    const res = await refresh(s.refresh_token);
    expect(res.statusCode, res.body).toBe(200);
    const next = res.json();
    expect(next.refresh_token).not.toBe(s.refresh_token);
    expect(next.user.id).toBe(s.user.id);
    const me = await t.app.inject({ method: "GET", url: "/api/users/me", headers: bearer(next.access_token) });
    expect(me.statusCode).toBe(200);
  });

  it("treats reuse of a spent token as theft: 401 and the successor is revoked too", async () => {
    const s = await register();
    const successor = (await refresh(s.refresh_token)).json().refresh_token as string;
    expectProblem(await refresh(s.refresh_token), 401, "REFRESH_TOKEN_REUSED");
    expectProblem(await refresh(successor), 401, "INVALID_REFRESH_TOKEN");
  });

  it("lets exactly one of two simultaneous refreshes with the same token succeed", async () => {
    const s = await register();
    const results = await Promise.all([refresh(s.refresh_token), refresh(s.refresh_token)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it("refuses an unknown token", async () => {
    expectProblem(await refresh("not-a-token"), 401, "INVALID_REFRESH_TOKEN");
  });

  it("reads the token from the sokoni_refresh cookie when the body has none", async () => {
    const s = await register();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { cookie: `theme=dark; sokoni_refresh=${s.refresh_token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("asks for a token when there is neither body nor cookie", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/refresh", payload: {} });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.map((e) => e.path)).toEqual(["body.refresh_token"]);
  });

  it("logout revokes the whole session", async () => {
    const s = await register();
    const successor = (await refresh(s.refresh_token)).json().refresh_token as string;
    const res = await t.app.inject({ method: "POST", url: "/api/auth/logout", payload: { refresh_token: successor } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
    expectProblem(await refresh(successor), 401, "INVALID_REFRESH_TOKEN");
    // Logging out again, or with an unknown token, changes nothing and reveals nothing.
    const again = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      payload: { refresh_token: successor },
    });
    expect(again.statusCode).toBe(204);
  });
});

describe("access tokens", () => {
  const secret = new TextEncoder().encode(TEST_ENV.JWT_SECRET);
  const jwt = (exp: number, key = secret) =>
    new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("0190f5b8-0000-7000-8000-000000000000")
      .setIssuer("sokoni")
      .setAudience("sokoni-api")
      .setIssuedAt(exp - 1000)
      .setExpirationTime(exp)
      .sign(key);

  it("refuses a missing token on /api/users/me with 401", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: "/api/users/me" }), 401, "UNAUTHORIZED");
  });

  it("refuses an expired token with 401 INVALID_TOKEN", async () => {
    const token = await jwt(Math.floor(Date.now() / 1000) - 60);
    const res = await t.app.inject({ method: "GET", url: "/api/users/me", headers: bearer(token) });
    expectProblem(res, 401, "INVALID_TOKEN");
  });

  it("refuses a token signed with another key (a forged admin) with 401", async () => {
    const token = await jwt(Math.floor(Date.now() / 1000) + 600, new TextEncoder().encode("x".repeat(48)));
    const res = await t.app.inject({ method: "GET", url: "/api/users/me", headers: bearer(token) });
    expectProblem(res, 401, "INVALID_TOKEN");
  });

  it("refuses garbage with 401", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/users/me", headers: bearer("garbage") });
    expectProblem(res, 401, "INVALID_TOKEN");
  });
});

describe("/api/users/me and /api/users/:id", () => {
  it("returns and updates the signed-in user", async () => {
    const s = await register();
    const me = await t.app.inject({ method: "GET", url: "/api/users/me", headers: bearer(s.access_token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(s.user.id);
    expectNoSecrets(me);

    const newEmail = `changed.${Date.now()}@example.com`;
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/users/me",
      headers: bearer(s.access_token),
      payload: { first_name: "Wanjiru", phone_number: "0110123456", email: newEmail },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ first_name: "Wanjiru", phone_number: "+254110123456", email: newEmail });
    expectNoSecrets(res);
  });

  it("refuses changing the email to another user's (in any case) with 409", async () => {
    const a = await register();
    const b = await register();
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/users/me",
      headers: bearer(b.access_token),
      payload: { email: a.user.email.toUpperCase() },
    });
    expectProblem(res, 409, "EMAIL_TAKEN");
  });

  it("keeps one's own email when only its case changes", async () => {
    const s = await register();
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/users/me",
      headers: bearer(s.access_token),
      payload: { email: s.user.email.toUpperCase() },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("refuses fields that cannot be changed here", async () => {
    const s = await register();
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/users/me",
      headers: bearer(s.access_token),
      payload: { role: "admin" },
    });
    expectProblem(res, 400, "VALIDATION_FAILED");
  });

  it("shows a customer their own account but another user's as 404", async () => {
    const a = await register();
    const b = await register();
    const own = await t.app.inject({ method: "GET", url: `/api/users/${a.user.id}`, headers: bearer(a.access_token) });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({
      method: "GET",
      url: `/api/users/${b.user.id}`,
      headers: bearer(a.access_token),
    });
    expectProblem(other, 404, "USER_NOT_FOUND");
  });

  it("shows an admin any account", async () => {
    const customer = await register();
    const body = newUserBody();
    await t.modules.identity.ensureUser(t.ctx, { email: body.email, password: body.password, role: "admin" });
    const login = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: body.email, password: body.password },
    });
    const admin = login.json();
    expect(admin.user.role).toBe("admin");
    const res = await t.app.inject({
      method: "GET",
      url: `/api/users/${customer.user.id}`,
      headers: bearer(admin.access_token),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe(customer.user.email);
    const missing = await t.app.inject({
      method: "GET",
      url: "/api/users/0190f5b8-0000-7000-8000-000000000000",
      headers: bearer(admin.access_token),
    });
    expectProblem(missing, 404, "USER_NOT_FOUND");
  });
});

describe("/api/users/me/addresses", () => {
  const address = (overrides: Record<string, unknown> = {}) => ({
    name: "Amina Otieno",
    phone_number: "0712345678",
    line1: "Kenyatta Avenue 12",
    city: "Nairobi",
    country: "ke",
    ...overrides,
  });

  it("creates, lists, reads, updates and deletes an address", async () => {
    const s = await register();
    const h = bearer(s.access_token);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/users/me/addresses",
      headers: h,
      payload: address({ line2: "Floor 3", postal_code: "00100" }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({
      name: "Amina Otieno",
      phone_number: "+254712345678",
      line2: "Floor 3",
      region: null,
      postal_code: "00100",
      country: "KE",
      is_default: true, // the first address is the default
    });

    const list = await t.app.inject({ method: "GET", url: "/api/users/me/addresses", headers: h });
    expect(list.json()).toMatchObject({ items: [{ id: a.id }], total: 1, page: 1 });

    const one = await t.app.inject({ method: "GET", url: `/api/users/me/addresses/${a.id}`, headers: h });
    expect(one.json().id).toBe(a.id);

    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/users/me/addresses/${a.id}`,
      headers: h,
      payload: { city: "Mombasa", line2: null },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ city: "Mombasa", line2: null, line1: "Kenyatta Avenue 12" });

    const del = await t.app.inject({ method: "DELETE", url: `/api/users/me/addresses/${a.id}`, headers: h });
    expect(del.statusCode).toBe(204);
    const gone = await t.app.inject({ method: "GET", url: `/api/users/me/addresses/${a.id}`, headers: h });
    expectProblem(gone, 404, "ADDRESS_NOT_FOUND");
  });

  it("keeps a single default: setting one unsets the others", async () => {
    const s = await register();
    const h = bearer(s.access_token);
    const post = (payload: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/users/me/addresses", headers: h, payload: address(payload) });
    const first = (await post({ name: "Home" })).json();
    const second = (await post({ name: "Work", is_default: true })).json();
    const third = (await post({ name: "Shop" })).json();
    expect([first.is_default, second.is_default, third.is_default]).toEqual([true, true, false]);

    const defaults = async () =>
      (await t.app.inject({ method: "GET", url: "/api/users/me/addresses", headers: h }))
        .json()
        .items.filter((a: { is_default: boolean }) => a.is_default)
        .map((a: { id: string }) => a.id);
    expect(await defaults()).toEqual([second.id]);

    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/users/me/addresses/${third.id}`,
      headers: h,
      payload: { is_default: true },
    });
    expect(res.json().is_default).toBe(true);
    expect(await defaults()).toEqual([third.id]);
  });

  it("treats another user's address as not found, for every verb", async () => {
    const owner = await register();
    const intruder = await register();
    const a = (
      await t.app.inject({
        method: "POST",
        url: "/api/users/me/addresses",
        headers: bearer(owner.access_token),
        payload: address(),
      })
    ).json();
    const h = bearer(intruder.access_token);
    const url = `/api/users/me/addresses/${a.id}`;
    expectProblem(await t.app.inject({ method: "GET", url, headers: h }), 404, "ADDRESS_NOT_FOUND");
    expectProblem(
      await t.app.inject({ method: "PATCH", url, headers: h, payload: { city: "Kisumu" } }),
      404,
      "ADDRESS_NOT_FOUND",
    );
    expectProblem(await t.app.inject({ method: "DELETE", url, headers: h }), 404, "ADDRESS_NOT_FOUND");
    const list = await t.app.inject({ method: "GET", url: "/api/users/me/addresses", headers: h });
    expect(list.json().total).toBe(0);
    const still = await t.app.inject({ method: "GET", url, headers: bearer(owner.access_token) });
    expect(still.json().city).toBe("Nairobi");
  });

  it.each([
    ["country", { country: "XX" }],
    ["country", { country: "KEN" }],
    ["line1", { line1: "" }],
    ["name", { name: undefined }],
  ])("rejects a bad %s with 400 naming the field", async (field, overrides) => {
    const s = await register();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/users/me/addresses",
      headers: bearer(s.access_token),
      payload: address(overrides),
    });
    const body = expectProblem(res, 400, "VALIDATION_FAILED");
    expect(body.errors?.map((e) => e.path)).toContain(`body.${field}`);
  });

  it("requires sign-in", async () => {
    expectProblem(await t.app.inject({ method: "GET", url: "/api/users/me/addresses" }), 401, "UNAUTHORIZED");
  });
});

describe("OpenAPI", () => {
  it("documents the identity routes with tags and bearer security", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.paths["/api/users"].post.tags).toEqual(["identity"]);
    expect(doc.paths["/api/auth/login"].post.summary).toEqual(expect.any(String));
    expect(doc.paths["/api/users/me"].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/api/users/me/addresses/{id}"].patch).toBeDefined();
  });
});

describe("login rate limit", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_RATE_LIMIT: "3" });
  });
  afterAll(() => limited.close());

  it("answers the attempt after the limit with 429 problem+json and Retry-After", async () => {
    const attempt = (login: string) =>
      limited.app.inject({ method: "POST", url: "/api/auth/login", payload: { login, password: "wrong password" } });
    for (let i = 0; i < 3; i++) expect((await attempt("victim@example.com")).statusCode).toBe(401);
    const res = await attempt("VICTIM@example.com");
    expectProblem(res, 429, "RATE_LIMITED");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    // The key is address + login: another account from the same address is not locked out.
    expect((await attempt("someone-else@example.com")).statusCode).toBe(401);
  });
});
