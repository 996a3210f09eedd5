/**
 * notifications: email to shoppers through the job queue (outbox rows, templates, delivery with
 * retries) and the admin mailbox. The only import path for other modules.
 */
export { notificationsRoutes } from "./notifications.routes.ts";
export type {
  DeliveryAttempt,
  Email,
  EmailStatus,
  EmailSummary,
  ListEmailsInput,
  NotificationsDeps,
  NotificationsModule,
  SendEmailInput,
  SendEmailJobData,
} from "./notifications.service.ts";
export { createNotificationsModule, SEND_EMAIL_JOB, storeCaughtEmail } from "./notifications.service.ts";
export type {
  OrderConfirmationData,
  OrderExpiredData,
  OrderItemLine,
  PaymentFailedData,
  PaymentReceivedData,
  SupportReceivedData,
  TemplateData,
  TemplateName,
} from "./templates/emails.ts";
export { renderEmail, TEMPLATE_NAMES } from "./templates/emails.ts";
export type { Amount } from "./templates/html.ts";
