import { errors, jwtVerify, SignJWT } from "jose";
import { ROLES, type Role } from "./ctx.ts";

/** Short-lived JWT access tokens (HS256). Refresh tokens are opaque and live in identity. */
export type AccessClaims = { userId: string; role: Role };

export type AccessTokens = {
  sign(claims: AccessClaims): Promise<string>;
  /** The claims, or undefined for a missing, expired, forged or malformed token. */
  verify(token: string): Promise<AccessClaims | undefined>;
  ttlSeconds: number;
};

const ISSUER = "sokoni";
const AUDIENCE = "sokoni-api";

export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    async sign({ userId, role }) {
      return new SignJWT({ role })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
        const role = payload.role;
        if (typeof payload.sub !== "string" || !ROLES.includes(role as Role)) return undefined;
        return { userId: payload.sub, role: role as Role };
      } catch (err) {
        if (err instanceof errors.JOSEError) return undefined;
        throw err;
      }
    },
  };
}
