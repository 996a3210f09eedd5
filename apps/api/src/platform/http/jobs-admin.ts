import { FailedJobListQuery, FailedJobListResponse, IdParams, Problem, RetryJobResponse } from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type FailedJob, listFailedJobs, retryFailedJob } from "../jobs/admin.ts";
import { DEAD_LETTER_QUEUE, type JobQueue } from "../jobs/queue.ts";
import { requireAdmin } from "./auth.ts";

const tags = ["jobs"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

function toFailedJobResponse(j: FailedJob) {
  return {
    id: j.id,
    name: j.name,
    data: j.data,
    state: j.state,
    retry_count: j.retryCount,
    retry_limit: j.retryLimit,
    error: j.error,
    output: j.output,
    created_on: j.createdOn.toISOString(),
    started_on: j.startedOn?.toISOString() ?? null,
    completed_on: j.completedOn?.toISOString() ?? null,
  };
}

/** Admin endpoints over the job queue: jobs that used up their retries, and retrying them. */
export const jobsAdminRoutes: FastifyPluginAsyncZod<{ queue: JobQueue }> = async (app, { queue }) => {
  app.get(
    "/admin/jobs/failed",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "Jobs that used up their retries, the last to fail first (admin)",
        querystring: FailedJobListQuery,
        response: { 200: FailedJobListResponse, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { page, page_size, name } = req.query;
      const { items, total, deadLetterQueueSize } = await listFailedJobs(req.ctx.db, {
        page,
        pageSize: page_size,
        name,
      });
      return {
        items: items.map(toFailedJobResponse),
        page,
        page_size,
        total,
        dead_letter_queue: { name: DEAD_LETTER_QUEUE, size: deadLetterQueueSize },
      };
    },
  );

  app.post(
    "/admin/jobs/:id/retry",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "Run a failed job once more (admin)",
        params: IdParams,
        response: { 202: RetryJobResponse, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const job = await retryFailedJob(queue, req.ctx.db, req.params.id);
      return reply.code(202).send({ ...job, state: "retry" as const });
    },
  );
};
