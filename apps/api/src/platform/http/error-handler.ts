import type { FastifyInstance } from "fastify";
import { problem, toProblem } from "./problem.ts";

/** The one renderer of errors: every failure, 404 included, leaves as application/problem+json. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { headers, ...body } = toProblem(err, req.id);
    if (body.status >= 500) req.log.error({ err }, "unhandled error");
    else req.log.info({ code: body.code, status: body.status }, "request refused");
    if (headers) reply.headers(headers);
    return reply.status(body.status).type("application/problem+json").send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    const body = problem(404, "ROUTE_NOT_FOUND", `No route ${req.method} ${req.url.split("?")[0]}`, req.id);
    return reply.status(404).type("application/problem+json").send(body);
  });
}
