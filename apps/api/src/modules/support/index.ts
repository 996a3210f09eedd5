/**
 * support: messages shoppers send from the contact form (acknowledged by email) and the staff
 * inbox that resolves them. The only import path for other modules.
 */
export { supportRoutes, toSupportMessageResponse } from "./support.routes.ts";
export {
  createSupportModule,
  type ListMessagesInput,
  referenceOf,
  type SendMessageInput,
  type SupportDeps,
  type SupportMessage,
  type SupportModule,
  type SupportStatus,
} from "./support.service.ts";
