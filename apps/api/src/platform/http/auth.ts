import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccessTokens } from "../access-token.ts";
import type { Actor, Ctx, Role } from "../ctx.ts";
import type { Db } from "../db.ts";
import { ForbiddenError, UnauthorizedError } from "../errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
    /** The module context for this request: db pool, actor, request id, request logger. */
    ctx: Ctx;
  }
}

/**
 * Reads the bearer token on every request. A missing token makes an anonymous actor; a bad one is
 * refused at once with 401 so that a client with an expired token learns to refresh.
 */
export function registerAuth(app: FastifyInstance, deps: { db: Db; tokens: AccessTokens }): void {
  // Decorated with null (not an object) so requests never share one instance; set per request below.
  app.decorateRequest("actor", null as never);
  app.decorateRequest("ctx", null as never);
  app.addHook("onRequest", async (req) => {
    req.actor = { kind: "anonymous" };
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const claims = match?.[1] ? await deps.tokens.verify(match[1]) : undefined;
      if (!claims) throw new UnauthorizedError("The access token is missing, malformed or expired", "INVALID_TOKEN");
      req.actor = { kind: "user", userId: claims.userId, role: claims.role };
    }
    req.ctx = { db: deps.db, actor: req.actor, requestId: req.id, log: req.log };
  });
}

/** preHandler: the caller must be signed in (and hold one of the roles, when given). */
export function requireUser(...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = req.actor;
    if (actor.kind !== "user") throw new UnauthorizedError();
    if (roles.length > 0 && !roles.includes(actor.role)) throw new ForbiddenError();
  };
}

export const requireAdmin = requireUser("admin");
