import { z } from "zod";
import { CurrencyCode, MoneyString, Timestamp } from "./common.ts";

export const CartErrorCode = {
  CART_NOT_FOUND: "CART_NOT_FOUND",
  CART_ITEM_NOT_FOUND: "CART_ITEM_NOT_FOUND",
  PRODUCT_NOT_FOUND: "PRODUCT_NOT_FOUND",
  PRODUCT_ARCHIVED: "PRODUCT_ARCHIVED",
  PRODUCT_UNAVAILABLE: "PRODUCT_UNAVAILABLE",
  INSUFFICIENT_STOCK: "INSUFFICIENT_STOCK",
  CART_LINE_LIMIT: "CART_LINE_LIMIT",
} as const;
export type CartErrorCode = (typeof CartErrorCode)[keyof typeof CartErrorCode];

/** Name of the HttpOnly cookie that carries a guest's cart token. */
export const CART_COOKIE = "sokoni_cart";
/** Request header that may carry a guest's cart token instead of the cookie. */
export const CART_TOKEN_HEADER = "x-cart-token";
/** Most units of one product a cart line may hold. */
export const CART_MAX_QUANTITY = 999;

export const CartQuantity = z
  .number()
  .int()
  .min(1)
  .max(CART_MAX_QUANTITY)
  .describe(`Whole number of units, 1-${CART_MAX_QUANTITY}`);

export const AddCartItemBody = z
  .object({
    product_id: z.uuid(),
    quantity: CartQuantity.describe(
      "Units to add; added to the line's quantity when the product is already in the cart",
    ),
  })
  .strict();
export type AddCartItemBody = z.infer<typeof AddCartItemBody>;

export const UpdateCartItemBody = z
  .object({ quantity: CartQuantity.describe("The line's new quantity (remove a line with DELETE)") })
  .strict();
export type UpdateCartItemBody = z.infer<typeof UpdateCartItemBody>;

export const CartItemParams = z.object({ id: z.uuid().describe("Cart item id") });

export const CartMarketplaceRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const CART_UNAVAILABLE_REASONS = ["archived", "unavailable", "out_of_stock", "insufficient_stock"] as const;
export const CartUnavailableReason = z
  .enum(CART_UNAVAILABLE_REASONS)
  .describe(
    "archived: withdrawn from sale; unavailable: the product or its marketplace is off; out_of_stock: none left; insufficient_stock: fewer left than the quantity",
  );
export type CartUnavailableReason = z.infer<typeof CartUnavailableReason>;

export const CartItemResponse = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  name: z.string(),
  image_url: z.string().nullable(),
  marketplace: CartMarketplaceRef,
  quantity: z.number().int(),
  unit_price: MoneyString.describe("Current price in the product's own currency"),
  currency: CurrencyCode,
  unit_store_price: MoneyString.describe("Current price converted to the store currency"),
  line_total: MoneyString.describe("unit_store_price × quantity, in the store currency"),
  stock: z.number().int().nullable().describe("Units left, for house products; null for external marketplaces"),
  available: z.boolean().describe("Whether this line can be bought now as it stands"),
  unavailable_reason: CartUnavailableReason.nullable(),
  added_at: Timestamp,
  updated_at: Timestamp,
});
export type CartItemResponse = z.infer<typeof CartItemResponse>;

export const CartGroupResponse = z.object({
  marketplace: CartMarketplaceRef,
  subtotal: MoneyString.describe("Sum of this marketplace's available lines, in the store currency"),
  item_count: z.number().int().describe("Units in this marketplace's lines (available or not)"),
});
export type CartGroupResponse = z.infer<typeof CartGroupResponse>;

export const CartResponse = z
  .object({
    id: z.uuid().nullable().describe("null while a guest has no cart yet"),
    cart_token: z
      .string()
      .optional()
      .describe(
        `Only in the response that created a guest cart: send it back as the ${CART_TOKEN_HEADER} header (or rely on the ${CART_COOKIE} cookie). It is not shown again.`,
      ),
    store_currency: CurrencyCode,
    items: z.array(CartItemResponse).describe("Oldest line first"),
    groups: z.array(CartGroupResponse).describe("One per marketplace, in the order of their first line"),
    subtotal: MoneyString.describe("Sum of the available lines, in the store currency"),
    total: MoneyString.describe("What checkout would charge before shipping, in the store currency"),
    item_count: z.number().int().describe("Units in the cart (available or not)"),
    updated_at: Timestamp.nullable(),
  })
  .describe("A cart priced now: unavailable lines are shown but left out of the totals");
export type CartResponse = z.infer<typeof CartResponse>;

export const QUOTE_CHANGES = ["price_up", "price_down", "unavailable"] as const;
export const QuoteChange = z
  .enum(QUOTE_CHANGES)
  .describe("price_up / price_down: the marketplace asks more / less than before; unavailable: it no longer sells it");
export type QuoteChange = z.infer<typeof QuoteChange>;

export const QuoteLineChange = z.object({
  item_id: z.uuid(),
  product_id: z.uuid(),
  name: z.string(),
  previous_unit_price: MoneyString.describe("The unit price in the store currency before this re-check"),
  unit_price: MoneyString.describe("The unit price in the store currency now (the last known one when unavailable)"),
  change: QuoteChange,
});
export type QuoteLineChange = z.infer<typeof QuoteLineChange>;

export const QuoteLineUnchecked = z.object({
  item_id: z.uuid(),
  product_id: z.uuid(),
  name: z.string(),
  marketplace: CartMarketplaceRef,
  reason: z.string().describe("Why the marketplace could not be asked (timeout, failure); the last known price stays"),
});
export type QuoteLineUnchecked = z.infer<typeof QuoteLineUnchecked>;

export const CartQuoteResponse = CartResponse.extend({
  changes: z.array(QuoteLineChange).describe("Lines whose price or availability changed at this re-check"),
  unchecked: z
    .array(QuoteLineUnchecked)
    .describe("External lines whose marketplace did not answer: priced at the last known price"),
  quoted_at: Timestamp,
}).describe(
  "The cart after every external line was re-checked with its marketplace: send its total as checkout's expected_total",
);
export type CartQuoteResponse = z.infer<typeof CartQuoteResponse>;
