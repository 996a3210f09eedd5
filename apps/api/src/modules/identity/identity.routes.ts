import {
  AddressResponse,
  AdminUserListQuery,
  AdminUserListResponse,
  AuthResponse,
  CreateAddressBody,
  IdentityErrorCode as E,
  IdParams,
  LoginBody,
  LogoutBody,
  PageQuery,
  Problem,
  pageOf,
  REFRESH_COOKIE,
  RefreshBody,
  RegisterBody,
  SESSION_HINT_COOKIE,
  UpdateAddressBody,
  UpdateMeBody,
  UserResponse,
} from "@sokoni/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { AppError, UnauthorizedError, ValidationError } from "../../platform/errors.ts";
import { requireUser } from "../../platform/http/auth.ts";
import type { Address, AuthResult, IdentityModule, User } from "./identity.service.ts";

type Options = {
  identity: IdentityModule;
  auth: Config["auth"];
  /** Called after a successful login or registration, before the response (e.g. the cart merges a guest cart). */
  onSignedIn?: (req: FastifyRequest, reply: FastifyReply, userId: string) => Promise<void>;
  /** Marks the refresh cookie Secure (production, behind HTTPS). */
  secureCookie?: boolean;
};

/**
 * Browsers ask for cookie mode with this header: the refresh token then travels only in the
 * HttpOnly `sokoni_refresh` cookie (the JSON's refresh_token is empty), so page scripts never see it.
 */
export const AUTH_MODE_HEADER = "x-auth-mode";
const REFRESH_COOKIE_PATH = "/api/auth";
const cookieMode = `With header X-Auth-Mode: cookie the refresh token is set as the HttpOnly SameSite=Lax ${REFRESH_COOKIE} cookie (path ${REFRESH_COOKIE_PATH}) and left out of the JSON (refresh_token is ""); a script-readable ${SESSION_HINT_COOKIE}=1 cookie, holding no secret, tells the web app a session can be restored.`;

const tags = ["identity"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));
const AddressParams = z.object({ id: z.uuid() });

/** Users, sessions and addresses. Thin: validate with the contracts, call the module, map the result. */
export const identityRoutes: FastifyPluginAsyncZod<Options> = async (
  app,
  { identity, auth, onSignedIn, secureCookie = false },
) => {
  /** The JSON answer; in cookie mode the refresh token goes into the cookie instead. */
  function respondSignedIn(req: FastifyRequest, reply: FastifyReply, result: AuthResult): AuthResponse {
    const body = toAuthResponse(result);
    if (req.headers[AUTH_MODE_HEADER] !== "cookie") return body;
    reply.setCookie(REFRESH_COOKIE, result.refreshToken, {
      path: REFRESH_COOKIE_PATH,
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookie,
      maxAge: auth.refreshTokenTtl,
    });
    reply.setCookie(SESSION_HINT_COOKIE, "1", {
      path: "/",
      httpOnly: false,
      sameSite: "lax",
      secure: secureCookie,
      maxAge: auth.refreshTokenTtl,
    });
    return { ...body, refresh_token: "" };
  }

  function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply): void {
    if (readCookie(req.headers.cookie, REFRESH_COOKIE) !== undefined) {
      reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
    }
    if (readCookie(req.headers.cookie, SESSION_HINT_COOKIE) !== undefined) {
      reply.clearCookie(SESSION_HINT_COOKIE, { path: "/" });
    }
  }

  app.post(
    "/users",
    {
      schema: {
        tags,
        summary: "Register a customer account and sign in",
        description: cookieMode,
        body: RegisterBody,
        response: { 201: AuthResponse, ...problems(400, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const result = await identity.register(req.ctx, {
        username: b.username,
        email: b.email,
        phoneNumber: b.phone_number,
        password: b.password,
        firstName: b.first_name,
        lastName: b.last_name,
      });
      await onSignedIn?.(req, reply, result.user.id);
      return reply.code(201).send(respondSignedIn(req, reply, result));
    },
  );

  app.post(
    "/auth/login",
    {
      schema: {
        tags,
        summary: "Sign in with email or username and password",
        description: `Rate-limited to ${auth.loginRateLimit} attempts per ${auth.loginRateWindow}s per client address and login. ${cookieMode}`,
        body: LoginBody,
        response: { 200: AuthResponse, ...problems(400, 401, 429) },
      },
      config: {
        rateLimit: {
          max: auth.loginRateLimit,
          timeWindow: auth.loginRateWindow * 1000,
          // Before validation, so malformed attempts count too; the body is still untrusted here.
          hook: "preValidation",
          keyGenerator: (req) => `${req.ip}|${loginIdentifier(req.body)}`,
          errorResponseBuilder: (_req, context) =>
            new AppError(E.RATE_LIMITED, 429, `Too many sign-in attempts; retry in ${context.after}`, {
              headers: { "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))) },
            }),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const login = b.login ?? b.email ?? b.username ?? "";
      const result = await identity.login(req.ctx, { login, password: b.password });
      await onSignedIn?.(req, reply, result.user.id);
      return respondSignedIn(req, reply, result);
    },
  );

  app.post(
    "/auth/refresh",
    {
      schema: {
        tags,
        summary: "Exchange a refresh token for a new token pair (the old one is spent)",
        description: `Presenting an already used refresh token revokes every token of its session. The token may also come in the ${REFRESH_COOKIE} cookie. ${cookieMode} A refused cookie is cleared.`,
        body: RefreshBody.nullish(),
        response: { 200: AuthResponse, ...problems(400, 401) },
      },
    },
    async (req, reply) => {
      const token = refreshTokenOf(req, req.body?.refresh_token);
      try {
        return respondSignedIn(req, reply, await identity.refresh(req.ctx, token));
      } catch (err) {
        if (err instanceof AppError && err.status === 401) clearRefreshCookie(req, reply);
        throw err;
      }
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        tags,
        summary: "Sign out: revoke the session of a refresh token",
        description: `The token may come in the ${REFRESH_COOKIE} cookie, which is then cleared.`,
        body: LogoutBody.nullish(),
        response: { 204: z.null().describe("Signed out"), ...problems(400) },
      },
    },
    async (req, reply) => {
      const token = refreshTokenOf(req, req.body?.refresh_token);
      clearRefreshCookie(req, reply);
      await identity.logout(req.ctx, token);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/users/me",
    {
      preHandler: requireUser(),
      schema: { tags, security, summary: "The signed-in user", response: { 200: UserResponse, ...problems(401) } },
    },
    async (req) => toUserResponse(await identity.getUser(req.ctx, userIdOf(req))),
  );

  app.patch(
    "/users/me",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "Update the signed-in user's profile",
        body: UpdateMeBody,
        response: { 200: UserResponse, ...problems(400, 401, 409) },
      },
    },
    async (req) => {
      const b = req.body;
      const user = await identity.updateMe(req.ctx, {
        firstName: b.first_name,
        lastName: b.last_name,
        phoneNumber: b.phone_number,
        email: b.email,
      });
      return toUserResponse(user);
    },
  );

  app.get(
    "/users/:id",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "A user by id (oneself, or anyone for an admin; others are not found)",
        params: IdParams,
        response: { 200: UserResponse, ...problems(400, 401, 404) },
      },
    },
    async (req) => toUserResponse(await identity.getUser(req.ctx, req.params.id)),
  );

  app.get(
    "/admin/users",
    {
      preHandler: requireUser("staff", "admin"),
      schema: {
        tags,
        security,
        summary: "Find users by part of their email, username or phone number, newest first (staff, admin)",
        querystring: AdminUserListQuery,
        response: { 200: AdminUserListResponse, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { q, page, page_size } = req.query;
      const { items, total } = await identity.listUsers(req.ctx, { q, page, pageSize: page_size });
      return { items: items.map(toUserResponse), page, page_size, total };
    },
  );

  app.get(
    "/users/me/addresses",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "The signed-in user's addresses, default first",
        querystring: PageQuery,
        response: { 200: pageOf(AddressResponse), ...problems(400, 401) },
      },
    },
    async (req) => {
      const { page, page_size } = req.query;
      const { items, total } = await identity.listAddresses(req.ctx, userIdOf(req), { page, pageSize: page_size });
      return { items: items.map(toAddressResponse), page, page_size, total };
    },
  );

  app.post(
    "/users/me/addresses",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "Add an address (the first one becomes the default)",
        body: CreateAddressBody,
        response: { 201: AddressResponse, ...problems(400, 401) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const address = await identity.createAddress(req.ctx, userIdOf(req), {
        name: b.name,
        phoneNumber: b.phone_number,
        line1: b.line1,
        line2: b.line2,
        city: b.city,
        region: b.region,
        postalCode: b.postal_code,
        country: b.country,
        isDefault: b.is_default,
      });
      return reply.code(201).send(toAddressResponse(address));
    },
  );

  app.get(
    "/users/me/addresses/:id",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "One of the signed-in user's addresses",
        params: AddressParams,
        response: { 200: AddressResponse, ...problems(400, 401, 404) },
      },
    },
    async (req) => toAddressResponse(await identity.getAddress(req.ctx, userIdOf(req), req.params.id)),
  );

  app.patch(
    "/users/me/addresses/:id",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "Change an address; is_default: true unsets the previous default",
        params: AddressParams,
        body: UpdateAddressBody,
        response: { 200: AddressResponse, ...problems(400, 401, 404) },
      },
    },
    async (req) => {
      const b = req.body;
      const address = await identity.updateAddress(req.ctx, userIdOf(req), req.params.id, {
        name: b.name,
        phoneNumber: b.phone_number,
        line1: b.line1,
        line2: b.line2,
        city: b.city,
        region: b.region,
        postalCode: b.postal_code,
        country: b.country,
        isDefault: b.is_default,
      });
      return toAddressResponse(address);
    },
  );

  app.delete(
    "/users/me/addresses/:id",
    {
      preHandler: requireUser(),
      schema: {
        tags,
        security,
        summary: "Delete an address",
        params: AddressParams,
        response: { 204: z.null().describe("Deleted"), ...problems(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await identity.removeAddress(req.ctx, userIdOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};

function userIdOf(req: FastifyRequest): string {
  if (req.actor.kind !== "user") throw new UnauthorizedError();
  return req.actor.userId;
}

/** The login named in a not-yet-validated body, lowercased: half of the rate-limit key. */
function loginIdentifier(body: unknown): string {
  if (!body || typeof body !== "object") return "";
  const b = body as Record<string, unknown>;
  const id = [b.login, b.email, b.username].find((v) => typeof v === "string");
  return typeof id === "string" ? id.trim().toLowerCase().slice(0, 254) : "";
}

/** From the body, else from the cookie the web app may keep it in. */
function refreshTokenOf(req: FastifyRequest, fromBody: string | undefined): string {
  const token = fromBody ?? readCookie(req.headers.cookie, REFRESH_COOKIE);
  if (!token) {
    throw new ValidationError("A refresh token is required", [
      { path: "body.refresh_token", message: `is required (or send the ${REFRESH_COOKIE} cookie)` },
    ]);
  }
  return token;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function toUserResponse(u: User): UserResponse {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    phone_number: u.phoneNumber,
    first_name: u.firstName,
    last_name: u.lastName,
    role: u.role,
    created_at: u.createdAt.toISOString(),
  };
}

function toAuthResponse(r: AuthResult): AuthResponse {
  return {
    user: toUserResponse(r.user),
    access_token: r.accessToken,
    refresh_token: r.refreshToken,
    token_type: "Bearer",
    expires_in: r.expiresIn,
  };
}

function toAddressResponse(a: Address): AddressResponse {
  return {
    id: a.id,
    name: a.name,
    phone_number: a.phoneNumber,
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    region: a.region,
    postal_code: a.postalCode,
    country: a.country,
    is_default: a.isDefault,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}
