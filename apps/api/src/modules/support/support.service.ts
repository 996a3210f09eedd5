import { SupportErrorCode as E } from "@sokoni/contracts";
import { type Ctx, isAdmin } from "../../platform/ctx.ts";
import { withTx } from "../../platform/db.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { IdentityModule } from "../identity/index.ts";
import type { NotificationsModule } from "../notifications/index.ts";
import type { OrdersModule } from "../orders/index.ts";
import * as repo from "./support.repo.ts";

export type SupportStatus = repo.MessageStatus;
/** A message with the reference the shopper quotes (SUP-1001). */
export type SupportMessage = repo.MessageRow & { reference: string };

export type SendMessageInput = {
  name: string;
  email: string;
  subject: string;
  /** As the shopper typed it: SK-100042, sk100042 or 100042. */
  orderNumber?: string;
  message: string;
};

export type ListMessagesInput = { page: number; pageSize: number; status?: SupportStatus };

export type SupportDeps = {
  notifications: NotificationsModule;
  orders: OrdersModule;
  identity: IdentityModule;
};

export const referenceOf = (number: number) => `SUP-${number}`;
const withReference = (row: repo.MessageRow): SupportMessage => ({ ...row, reference: referenceOf(row.number) });

export function createSupportModule({ notifications, orders, identity }: SupportDeps) {
  /**
   * Records a shopper's message (a signed-in sender's account linked) and queues the
   * acknowledgement email in the same transaction. An order number must name an order of the
   * sender: their own, or one placed with the email they give; else ValidationError
   * (SUPPORT_ORDER_NOT_FOUND, nothing stored).
   */
  async function sendMessage(ctx: Ctx, input: SendMessageInput): Promise<SupportMessage> {
    const userId = ctx.actor.kind === "user" ? ctx.actor.userId : null;
    const email = input.email.trim();
    let order: { id: string; number: string } | undefined;
    if (input.orderNumber !== undefined) {
      // Looked up as the system: whether the order is the sender's is decided here, and a
      // stranger's order is "not found" like one that does not exist.
      const found = await orders.findOrderByNumber({ ...ctx, actor: { kind: "system" } }, input.orderNumber);
      const senders =
        found !== undefined &&
        ((userId !== null && found.userId === userId) || found.email.toLowerCase() === email.toLowerCase());
      if (!found || !senders) {
        throw new ValidationError(
          "The order number names no order of yours",
          [{ path: "body.order_number", message: "We found no order with this number for your email address" }],
          E.SUPPORT_ORDER_NOT_FOUND,
        );
      }
      order = { id: found.id, number: found.number };
    }
    return withTx(ctx, async (tx) => {
      const row = withReference(
        await repo.insertMessage(tx.db, {
          id: newId(),
          userId,
          name: input.name.trim(),
          email,
          subject: input.subject.trim(),
          orderNumber: order?.number ?? null,
          orderId: order?.id ?? null,
          message: input.message.trim(),
        }),
      );
      await notifications.sendEmail(tx, {
        template: "support_received",
        to: email,
        data: {
          customerName: row.name,
          reference: row.reference,
          subject: row.subject,
          orderNumber: row.orderNumber ?? undefined,
          message: row.message,
        },
        dedupeKey: `support_received:${row.id}`,
      });
      ctx.log.info({ support_message_id: row.id, reference: row.reference }, "support message received");
      return row;
    });
  }

  /** Messages newest first, optionally of one status. Staff and admins only (ForbiddenError). */
  async function listMessages(ctx: Ctx, input: ListMessagesInput): Promise<{ items: SupportMessage[]; total: number }> {
    assertStaff(ctx);
    const { items, total } = await repo.listMessages(
      ctx.db,
      { status: input.status },
      { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
    );
    return { items: items.map(withReference), total };
  }

  /** One message. Staff and admins only. Throws NotFoundError (SUPPORT_MESSAGE_NOT_FOUND). */
  async function getMessage(ctx: Ctx, id: string): Promise<SupportMessage> {
    assertStaff(ctx);
    const row = await repo.findMessage(ctx.db, id);
    if (!row) throw new NotFoundError(E.SUPPORT_MESSAGE_NOT_FOUND, `No support message with id ${id}`);
    return withReference(row);
  }

  /**
   * Resolves or reopens a message, recording who and when; setting the status it already has
   * changes nothing. Staff and admins only. Throws NotFoundError (SUPPORT_MESSAGE_NOT_FOUND).
   */
  async function setStatus(ctx: Ctx, id: string, status: SupportStatus): Promise<SupportMessage> {
    assertStaff(ctx);
    return withTx(ctx, async (tx) => {
      const row = await repo.findMessage(tx.db, id, { lock: true });
      if (!row) throw new NotFoundError(E.SUPPORT_MESSAGE_NOT_FOUND, `No support message with id ${id}`);
      if (row.status === status) return withReference(row);
      const by = ctx.actor.kind === "user" ? ctx.actor.userId : null;
      const updated = await repo.updateStatus(tx.db, id, { status, by, at: new Date() });
      if (!updated) throw new Error(`support message ${id} vanished under its lock`);
      ctx.log.info({ support_message_id: id, from: row.status, to: status }, "support message status changed");
      return withReference(updated);
    });
  }

  /**
   * Who last resolved or reopened each message (id and email), for the admin screen; a deleted
   * account is left out. Staff and admins only.
   */
  async function changedByOf(
    ctx: Ctx,
    list: SupportMessage[],
  ): Promise<Map<string, { id: string; email: string } | null>> {
    assertStaff(ctx);
    const ids = [...new Set(list.map((m) => m.statusChangedBy).filter((id): id is string => id !== null))];
    const users = await Promise.all(ids.map(async (id) => [id, await userOf(ctx, id)] as const));
    return new Map(users);
  }

  async function userOf(ctx: Ctx, id: string): Promise<{ id: string; email: string } | null> {
    try {
      // As the system: staff may not read accounts, but may see which colleague changed a message.
      const user = await identity.getUser({ ...ctx, actor: { kind: "system" } }, id);
      return { id: user.id, email: user.email };
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  return { sendMessage, listMessages, getMessage, setStatus, changedByOf };
}

export type SupportModule = ReturnType<typeof createSupportModule>;

function assertStaff(ctx: Ctx): void {
  const staff = isAdmin(ctx.actor) || (ctx.actor.kind === "user" && ctx.actor.role === "staff");
  if (!staff) throw new ForbiddenError("Only staff can read support messages");
}
