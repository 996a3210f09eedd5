import {
  SupportErrorCode as E,
  IdParams,
  Problem,
  SupportListQuery,
  SupportListResponse,
  SupportMessageBody,
  SupportMessageCreatedResponse,
  SupportMessageResponse,
  SupportStatusBody,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Ctx } from "../../platform/ctx.ts";
import { AppError } from "../../platform/errors.ts";
import { requireUser } from "../../platform/http/auth.ts";
import type { SupportMessage, SupportModule } from "./support.service.ts";

type Options = {
  support: SupportModule;
  /** Messages one client address may send per window (SUPPORT_RATE_LIMIT / SUPPORT_RATE_WINDOW). */
  rateLimit: { max: number; windowSeconds: number };
};

const tags = ["support"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));
const requireStaff = requireUser("staff", "admin");

/** The contact form (anyone) and the support inbox (staff and admins). */
export const supportRoutes: FastifyPluginAsyncZod<Options> = async (app, { support, rateLimit }) => {
  app.post(
    "/support",
    {
      schema: {
        tags,
        summary: "Send a message to the support team (guest or signed in)",
        description: `Answers with a reference to quote (SUP-1001) and emails the sender an acknowledgement. A signed-in sender's account is linked. An order_number must name the sender's own order or one placed with the given email. Rate-limited to ${rateLimit.max} messages per ${rateLimit.windowSeconds}s per client address.`,
        body: SupportMessageBody,
        response: { 201: SupportMessageCreatedResponse, ...problems(400, 429) },
      },
      config: {
        rateLimit: {
          max: rateLimit.max,
          timeWindow: rateLimit.windowSeconds * 1000,
          // Before validation, so malformed submissions count too.
          hook: "preValidation",
          keyGenerator: (req) => req.ip,
          errorResponseBuilder: (_req, context) =>
            new AppError(E.RATE_LIMITED, 429, `Too many messages from this address; retry in ${context.after}`, {
              headers: { "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))) },
            }),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const message = await support.sendMessage(req.ctx, {
        name: b.name,
        email: b.email,
        subject: b.subject,
        orderNumber: b.order_number,
        message: b.message,
      });
      return reply.code(201).send({
        id: message.id,
        reference: message.reference,
        status: message.status,
        created_at: message.createdAt.toISOString(),
      });
    },
  );

  app.get(
    "/admin/support",
    {
      preHandler: requireStaff,
      schema: {
        tags: ["admin"],
        security,
        summary: "Support messages, newest first, filtered by status (staff)",
        querystring: SupportListQuery,
        response: { 200: SupportListResponse, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { page, page_size, status } = req.query;
      const { items, total } = await support.listMessages(req.ctx, { page, pageSize: page_size, status });
      return { items: await toResponses(req.ctx, items), page, page_size, total };
    },
  );

  app.get(
    "/admin/support/:id",
    {
      preHandler: requireStaff,
      schema: {
        tags: ["admin"],
        security,
        summary: "One support message (staff)",
        params: IdParams,
        response: { 200: SupportMessageResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const [message] = await toResponses(req.ctx, [await support.getMessage(req.ctx, req.params.id)]);
      return message;
    },
  );

  app.patch(
    "/admin/support/:id",
    {
      preHandler: requireStaff,
      schema: {
        tags: ["admin"],
        security,
        summary: "Resolve or reopen a support message, recording who and when (staff)",
        params: IdParams,
        body: SupportStatusBody,
        response: { 200: SupportMessageResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const updated = await support.setStatus(req.ctx, req.params.id, req.body.status);
      const [message] = await toResponses(req.ctx, [updated]);
      return message;
    },
  );

  async function toResponses(ctx: Ctx, list: SupportMessage[]): Promise<SupportMessageResponse[]> {
    const changers = await support.changedByOf(ctx, list);
    return list.map((m) =>
      toSupportMessageResponse(m, m.statusChangedBy ? (changers.get(m.statusChangedBy) ?? null) : null),
    );
  }
};

export function toSupportMessageResponse(
  m: SupportMessage,
  changedBy: { id: string; email: string } | null,
): SupportMessageResponse {
  return {
    id: m.id,
    reference: m.reference,
    status: m.status,
    name: m.name,
    email: m.email,
    subject: m.subject,
    order_number: m.orderNumber,
    order_id: m.orderId,
    message: m.message,
    user_id: m.userId,
    created_at: m.createdAt.toISOString(),
    status_changed_at: m.statusChangedAt?.toISOString() ?? null,
    status_changed_by: changedBy,
  };
}
