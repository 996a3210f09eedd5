import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";

/** Cookie mode (X-Auth-Mode: cookie): what the web app uses so page scripts never hold the refresh token. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ REFRESH_TOKEN_TTL: "3600" });
});
afterAll(() => t.close());

let seq = 0;
function newUser() {
  seq += 1;
  const tag = `${Date.now().toString(36)}c${seq}`;
  return {
    username: `cookie_${tag}`,
    email: `cookie.${tag}@example.com`,
    phone_number: "0712345678",
    password: "pass-word-123",
  };
}

const COOKIE_MODE = { "x-auth-mode": "cookie" };

type SetCookie = {
  name: string;
  value: string;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  maxAge?: number;
};
function refreshCookieOf(res: LightMyRequestResponse): SetCookie | undefined {
  return (res.cookies as SetCookie[]).find((c) => c.name === "sokoni_refresh");
}

async function registerInCookieMode() {
  const body = newUser();
  const res = await t.app.inject({ method: "POST", url: "/api/users", headers: COOKIE_MODE, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = refreshCookieOf(res);
  if (!cookie) throw new Error("no refresh cookie");
  return { body, res, cookie };
}

describe("cookie mode", () => {
  it("registration sets the refresh token as an HttpOnly SameSite=Lax cookie and leaves it out of the JSON", async () => {
    const { res, cookie } = await registerInCookieMode();
    const json = res.json();
    expect(json.access_token).toEqual(expect.any(String));
    expect(json.refresh_token).toBe("");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/auth", maxAge: 3600 });
    expect(cookie.value.length).toBeGreaterThan(20);
    expect(res.headers["set-cookie"]).not.toContain("Secure");
    // The hint beside it: readable by scripts, no secret in it.
    const hint = (res.cookies as SetCookie[]).find((c) => c.name === "sokoni_session");
    expect(hint).toMatchObject({ value: "1", path: "/", sameSite: "Lax", maxAge: 3600 });
    expect(hint?.httpOnly).toBeFalsy();
  });

  it("login sets the cookie; the cookie alone refreshes, rotating it, and the spent one is refused and cleared", async () => {
    const { body } = await registerInCookieMode();
    const login = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: COOKIE_MODE,
      payload: { login: body.email, password: body.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().refresh_token).toBe("");
    const first = refreshCookieOf(login);
    if (!first) throw new Error("no cookie from login");

    const refreshed = await t.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { ...COOKIE_MODE, cookie: `sokoni_refresh=${first.value}` },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    const second = refreshCookieOf(refreshed);
    expect(second?.value).toEqual(expect.any(String));
    expect(second?.value).not.toBe(first.value);
    expect(refreshed.json().refresh_token).toBe("");
    const me = await t.app.inject({
      method: "GET",
      url: "/api/users/me",
      headers: { authorization: `Bearer ${refreshed.json().access_token}` },
    });
    expect(me.json().email).toBe(body.email);

    // The spent token: 401, and the browser is told to drop the cookie.
    const reused = await t.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { ...COOKIE_MODE, cookie: `sokoni_refresh=${first.value}` },
    });
    expect(reused.statusCode).toBe(401);
    const cleared = refreshCookieOf(reused);
    expect(cleared?.value).toBe("");
    expect(cleared?.path).toBe("/api/auth");
  });

  it("without the header the JSON keeps both tokens and no cookie is set (API clients)", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/users", payload: newUser() });
    expect(res.statusCode).toBe(201);
    expect(res.json().refresh_token.length).toBeGreaterThan(20);
    expect(refreshCookieOf(res)).toBeUndefined();
    expect(res.headers["set-cookie"]).toBeUndefined();
    const refreshed = await t.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      payload: { refresh_token: res.json().refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().refresh_token.length).toBeGreaterThan(20);
    expect(refreshCookieOf(refreshed)).toBeUndefined();
  });

  it("logout with the cookie revokes the session and clears the cookie", async () => {
    const { cookie } = await registerInCookieMode();
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: `sokoni_refresh=${cookie.value}; sokoni_session=1` },
    });
    expect(out.statusCode).toBe(204);
    expect(refreshCookieOf(out)?.value).toBe("");
    expect((out.cookies as SetCookie[]).find((c) => c.name === "sokoni_session")?.value).toBe("");
    const after = await t.app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      headers: { ...COOKIE_MODE, cookie: `sokoni_refresh=${cookie.value}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it("behind HTTPS (an https PUBLIC_URL, or production) the cookies are Secure", async () => {
    const prod = await createTestApp({ PUBLIC_URL: "https://shop.example" });
    try {
      const res = await prod.app.inject({
        method: "POST",
        url: "/api/users",
        headers: COOKIE_MODE,
        payload: newUser(),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(refreshCookieOf(res)).toMatchObject({ secure: true, httpOnly: true });
      expect((res.cookies as SetCookie[]).find((c) => c.name === "sokoni_session")).toMatchObject({ secure: true });
    } finally {
      await prod.close();
    }
  });
});
