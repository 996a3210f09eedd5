import type { FastifyInstance } from "fastify";
import type { Database } from "../db.ts";
import { problem } from "./problem.ts";

/** Liveness says the process answers; readiness says it can reach its database. */
export function registerHealth(app: FastifyInstance, database: Database): void {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (req, reply) => {
    try {
      await database.ping();
      return { status: "ready", database: database.kind };
    } catch (err) {
      req.log.warn({ err }, "readiness check failed");
      return reply
        .status(503)
        .type("application/problem+json")
        .send(problem(503, "DATABASE_UNAVAILABLE", "The database cannot be reached", req.id));
    }
  });
}
