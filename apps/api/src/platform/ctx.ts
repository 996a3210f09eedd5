import type { Db } from "./db.ts";
import type { Logger } from "./log.ts";

export const ROLES = ["customer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting: a signed-in user, an anonymous visitor, a guest holding one order's access key
 * (given at checkout; it opens that order only), or the system itself (jobs, CLI).
 */
export type Actor =
  | { kind: "user"; userId: string; role: Role }
  | { kind: "anonymous" }
  | { kind: "orderKey"; orderId: string }
  | { kind: "system" };

/** Passed first to every public module function. `db` is the pool or the open transaction. */
export type Ctx = {
  db: Db;
  actor: Actor;
  requestId: string;
  log: Logger;
};

export function isAdmin(actor: Actor): boolean {
  return actor.kind === "system" || (actor.kind === "user" && actor.role === "admin");
}

export function systemCtx(db: Db, log: Logger, requestId = "system"): Ctx {
  return { db, actor: { kind: "system" }, requestId, log };
}
