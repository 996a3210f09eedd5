import {
  EmailListQuery,
  EmailListResponse,
  EmailResponse,
  type EmailSummaryResponse,
  type EmailTemplate,
  IdParams,
  Problem,
} from "@sokoni/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireAdmin } from "../../platform/http/auth.ts";
import type { Email, EmailSummary, NotificationsModule } from "./notifications.service.ts";

const tags = ["notifications"];
const security = [{ bearer: [] }];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));

export function toEmailSummaryResponse(e: EmailSummary): EmailSummaryResponse {
  return {
    id: e.id,
    message_id: e.messageId,
    from: e.from,
    to: e.to,
    subject: e.subject,
    template: e.template as EmailTemplate | null,
    status: e.status,
    error: e.error,
    attempts: e.attempts,
    created_at: e.createdAt.toISOString(),
    sent_at: e.sentAt?.toISOString() ?? null,
    caught_at: e.caughtAt?.toISOString() ?? null,
  };
}

export function toEmailResponse(e: Email): EmailResponse {
  return { ...toEmailSummaryResponse(e), text: e.text, html: e.html };
}

/** The admin mailbox: every email the app sent (and, offline, what the local catcher received). */
export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsModule }> = async (
  app,
  { notifications },
) => {
  app.get(
    "/admin/emails",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "Emails sent or queued, newest first (admin)",
        querystring: EmailListQuery,
        response: { 200: EmailListResponse, ...problems(400, 401, 403) },
      },
    },
    async (req) => {
      const { page, page_size, to, template, status } = req.query;
      const { items, total } = await notifications.listEmails(req.ctx, {
        page,
        pageSize: page_size,
        to,
        template,
        status,
      });
      return { items: items.map(toEmailSummaryResponse), page, page_size, total };
    },
  );

  app.get(
    "/admin/emails/:id",
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        security,
        summary: "One email with its text and HTML bodies (admin)",
        params: IdParams,
        response: { 200: EmailResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => toEmailResponse(await notifications.getEmail(req.ctx, req.params.id)),
  );
};
