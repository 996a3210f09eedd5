import type { FastifyPluginAsync } from "fastify";
import type { Config } from "../../config.ts";
import type { AccessTokens } from "../../platform/access-token.ts";

// Placeholder until the identity module lands: wiring only.
export function createIdentityModule(_deps: { auth: Config["auth"]; tokens: AccessTokens }) {
  return {};
}
export type IdentityModule = ReturnType<typeof createIdentityModule>;
export const identityRoutes: FastifyPluginAsync<{ identity: IdentityModule; auth: Config["auth"] }> = async () => {};
