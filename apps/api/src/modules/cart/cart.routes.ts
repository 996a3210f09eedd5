import {
  AddCartItemBody,
  CART_COOKIE,
  CART_TOKEN_HEADER,
  CartItemParams,
  CartQuoteResponse,
  CartResponse,
  Problem,
  UpdateCartItemBody,
} from "@sokoni/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { formatMinor } from "../../platform/money.ts";
import {
  type CartModule,
  type CartOwner,
  type CartQuoteView,
  type CartView,
  GUEST_CART_LIFETIME_S,
} from "./cart.service.ts";

type Options = { cart: CartModule; secureCookie: boolean };

const tags = ["cart"];
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, Problem]));
const CartTokenHeaders = z.looseObject({
  [CART_TOKEN_HEADER]: z
    .string()
    .max(200)
    .optional()
    .describe(`A guest's cart token (or send the ${CART_COOKIE} cookie)`),
});
const ownership = `Signed in (Bearer token): the user's cart. Guest: the cart named by the ${CART_TOKEN_HEADER} header or the ${CART_COOKIE} cookie.`;

// A guest cart outlives the browser session: the cookie lasts as long as an abandoned cart is worth keeping.
const COOKIE_MAX_AGE_S = GUEST_CART_LIFETIME_S;

/** The cart token a guest sent: the X-Cart-Token header first, else the cookie. */
export function cartTokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers[CART_TOKEN_HEADER];
  const fromHeader = typeof header === "string" ? header.trim() : undefined;
  return fromHeader || req.cookies?.[CART_COOKIE] || undefined;
}

/** Tells the browser to forget the guest cart cookie (after a merge, or when it names no cart). */
export function clearCartCookie(req: FastifyRequest, reply: FastifyReply): void {
  if (req.cookies?.[CART_COOKIE] !== undefined) reply.clearCookie(CART_COOKIE, { path: "/" });
}

/**
 * For identityRoutes' onSignedIn: merges the guest cart the request names into the user's cart
 * and clears the cookie. A failed merge is logged and never fails the sign-in itself.
 */
export function mergeGuestCartOnSignIn(cart: CartModule) {
  return async (req: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> => {
    const token = cartTokenOf(req);
    if (!token) return;
    try {
      await cart.mergeGuestCart(req.ctx, { token, userId });
    } catch (err) {
      req.log.error({ err, userId }, "guest cart merge failed");
      return;
    }
    clearCartCookie(req, reply);
  };
}

/** The guest and signed-in cart. Thin: resolve the owner, call the module, map the view. */
export const cartRoutes: FastifyPluginAsyncZod<Options> = async (app, { cart, secureCookie }) => {
  function ownerOf(req: FastifyRequest): CartOwner {
    if (req.actor.kind === "user") return { userId: req.actor.userId };
    return { token: cartTokenOf(req) };
  }

  app.get(
    "/cart",
    {
      schema: {
        tags,
        summary: "The cart, priced now",
        description: `${ownership} A guest without a cart gets an empty one (id null); nothing is created.`,
        headers: CartTokenHeaders,
        response: { 200: CartResponse, ...problems(400, 401) },
      },
    },
    async (req, reply) => {
      const view = await cart.getCartView(req.ctx, ownerOf(req));
      if (view.id === null && req.actor.kind !== "user") clearCartCookie(req, reply);
      return toCartResponse(view);
    },
  );

  app.post(
    "/cart/quote",
    {
      schema: {
        tags,
        summary: "Re-check the cart with the marketplaces before paying",
        description: `${ownership} Asks every external line's marketplace for its price and availability again (all at once, each within its time budget), keeps the answers in the catalog and answers the cart priced with them: changes[] names each line whose price went up or down or that is no longer sold (previous and new unit price); unchecked[] names lines whose marketplace did not answer, which keep their last known price. Send the total as checkout's expected_total. The cart itself is not changed.`,
        headers: CartTokenHeaders,
        response: { 200: CartQuoteResponse, ...problems(400, 401) },
      },
    },
    async (req) => toCartQuoteResponse(await cart.quoteCart(req.ctx, ownerOf(req))),
  );

  app.post(
    "/cart/items",
    {
      schema: {
        tags,
        summary: "Add a product to the cart (quantities add up)",
        description: `${ownership} A guest's first add creates the cart and returns its cart_token once, also as the HttpOnly ${CART_COOKIE} cookie.`,
        headers: CartTokenHeaders,
        body: AddCartItemBody,
        response: { 200: CartResponse, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { view, createdToken } = await at("body", () =>
        cart.addItem(req.ctx, ownerOf(req), { productId: req.body.product_id, quantity: req.body.quantity }),
      );
      if (!createdToken) return toCartResponse(view);
      reply.setCookie(CART_COOKIE, createdToken, {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: secureCookie,
        maxAge: COOKIE_MAX_AGE_S,
      });
      return { ...toCartResponse(view), cart_token: createdToken };
    },
  );

  app.patch(
    "/cart/items/:id",
    {
      schema: {
        tags,
        summary: "Change a line's quantity",
        description: ownership,
        headers: CartTokenHeaders,
        params: CartItemParams,
        body: UpdateCartItemBody,
        response: { 200: CartResponse, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (req) =>
      toCartResponse(
        await at("body", () => cart.setItemQuantity(req.ctx, ownerOf(req), req.params.id, req.body.quantity)),
      ),
  );

  app.delete(
    "/cart/items/:id",
    {
      schema: {
        tags,
        summary: "Remove a line",
        description: ownership,
        headers: CartTokenHeaders,
        params: CartItemParams,
        response: { 200: CartResponse, ...problems(400, 401, 404) },
      },
    },
    async (req) => toCartResponse(await cart.removeItem(req.ctx, ownerOf(req), req.params.id)),
  );

  app.delete(
    "/cart",
    {
      schema: {
        tags,
        summary: "Empty the cart",
        description: `${ownership} The cart (and a guest's token) stays, without lines.`,
        headers: CartTokenHeaders,
        response: { 204: z.null().describe("Emptied"), ...problems(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await cart.clearCart(req.ctx, ownerOf(req));
      return reply.code(204).send(null);
    },
  );
};

/** Services name fields as the API does ("quantity"); requests report them where they were sent ("body.quantity"). */
async function at<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.errors) {
      for (const e of err.errors) if (!e.path.startsWith(`${where}.`)) e.path = `${where}.${e.path}`;
    }
    throw err;
  }
}

export function toCartResponse(view: CartView): CartResponse {
  const store = view.storeCurrency;
  return {
    id: view.id,
    store_currency: store,
    items: view.items.map((i) => ({
      id: i.id,
      product_id: i.productId,
      name: i.name,
      image_url: i.imageUrl,
      marketplace: i.marketplace,
      quantity: i.quantity,
      unit_price: formatMinor(i.unitPriceMinor, i.currency),
      currency: i.currency,
      unit_store_price: formatMinor(i.unitStorePriceMinor, store),
      line_total: formatMinor(i.lineTotalMinor, store),
      stock: i.stock,
      available: i.available,
      unavailable_reason: i.unavailableReason,
      added_at: i.addedAt.toISOString(),
      updated_at: i.updatedAt.toISOString(),
    })),
    groups: view.groups.map((g) => ({
      marketplace: g.marketplace,
      subtotal: formatMinor(g.subtotalMinor, store),
      item_count: g.itemCount,
    })),
    subtotal: formatMinor(view.subtotalMinor, store),
    total: formatMinor(view.totalMinor, store),
    item_count: view.itemCount,
    updated_at: view.updatedAt ? view.updatedAt.toISOString() : null,
  };
}

export function toCartQuoteResponse(view: CartQuoteView): CartQuoteResponse {
  const store = view.storeCurrency;
  return {
    ...toCartResponse(view),
    changes: view.changes.map((c) => ({
      item_id: c.itemId,
      product_id: c.productId,
      name: c.name,
      previous_unit_price: formatMinor(c.previousUnitStorePriceMinor, store),
      unit_price: formatMinor(c.unitStorePriceMinor, store),
      change: c.change,
    })),
    unchecked: view.unchecked.map((u) => ({
      item_id: u.itemId,
      product_id: u.productId,
      name: u.name,
      marketplace: u.marketplace,
      reason: u.reason,
    })),
    quoted_at: view.quotedAt.toISOString(),
  };
}
