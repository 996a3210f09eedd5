import type { FastifyReply, FastifyRequest } from "fastify";
import { NotFoundError, UnauthorizedError } from "../../platform/errors.ts";
import type { OrdersModule } from "./orders.service.ts";

/** The header a guest sends their order's access key in (a header, so it stays out of access logs). */
export const ORDER_KEY_HEADER = "x-order-key";

/** OpenAPI: the routes that take an order key list both ways in. */
export const userOrOrderKeySecurity: { [scheme: string]: string[] }[] = [{ bearer: [] }, { orderKey: [] }];

/**
 * preHandler for routes on one order (`:id`): a guest presenting that order's key in X-Order-Key
 * acts as its holder (even when also signed in: the key names the order); otherwise the caller
 * must be signed in. A wrong key is 404 like an order one may not see.
 */
export function requireUserOrOrderKey(orders: OrdersModule) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const key = req.headers[ORDER_KEY_HEADER];
    if (typeof key === "string" && key !== "") {
      const orderId = (req.params as { id: string }).id;
      const actor = orders.actorForAccessKey(orderId, key);
      if (!actor) throw new NotFoundError("ORDER_NOT_FOUND", "No such order");
      req.actor = actor;
      req.ctx = { ...req.ctx, actor };
      return;
    }
    if (req.actor.kind !== "user") throw new UnauthorizedError();
  };
}
