import { z } from "zod";
import { MoneyInput, MoneyString, PageQuery, Timestamp } from "./common.ts";
import { AddressResponse, CreateAddressBody } from "./identity.ts";

type OrderStatusValue = (typeof ORDER_STATUSES)[number];
type ItemStatusValue = (typeof ITEM_STATUSES)[number];

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "processing",
  "shipped",
  "delivered",
  "cancelled",
  "refunded",
  "partially_refunded",
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const ITEM_STATUSES = ["pending", "ordered", "received", "shipped", "delivered", "failed", "cancelled"] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

/**
 * The order and item lifecycles (DESIGN.md §3): which move is legal. The API enforces them
 * (apps/api/src/modules/orders/order-status.ts); the admin console offers only these moves.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatusValue, readonly OrderStatusValue[]>> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["processing", "shipped", "cancelled", "refunded", "partially_refunded"],
  processing: ["shipped", "delivered", "cancelled", "refunded", "partially_refunded"],
  shipped: ["delivered", "refunded", "partially_refunded"],
  delivered: ["refunded", "partially_refunded"],
  partially_refunded: ["processing", "shipped", "delivered", "refunded"],
  cancelled: [],
  refunded: [],
};

export const ITEM_TRANSITIONS: Readonly<Record<ItemStatusValue, readonly ItemStatusValue[]>> = {
  pending: ["ordered", "received", "shipped", "failed", "cancelled"],
  ordered: ["received", "shipped", "failed", "cancelled"],
  received: ["shipped", "cancelled"],
  shipped: ["delivered", "failed"],
  delivered: [],
  failed: [],
  cancelled: [],
};

export const PAYMENT_METHODS = ["mock", "wallet", "mpesa", "stripe"] as const;
export const PaymentMethod = z.enum(PAYMENT_METHODS).describe("How the shopper pays");

/** A shipping address given inline at checkout: the address shape of /api/users/me/addresses. */
export const ShippingAddressInput = CreateAddressBody.omit({ is_default: true });

const CheckoutFields = {
  shipping_address: ShippingAddressInput.optional().describe("Where to ship; or give address_id"),
  address_id: z.uuid().optional().describe("One of the signed-in shopper's saved addresses"),
  payment_method: PaymentMethod,
  phone_number: z.string().trim().min(9).max(16).optional().describe("M-Pesa number to prompt (mpesa)"),
  email: z.email().optional().describe("Required for guests: where the confirmation goes"),
  expected_total: MoneyInput.optional().describe(
    "The total the shopper was shown (a cart quote's total), in the store currency: when the re-priced total differs, nothing is placed and the answer is 409 PRICE_CHANGED",
  ),
};

export const CheckoutBody = z
  .object(CheckoutFields)
  .strict()
  .refine((b) => Boolean(b.shipping_address) !== Boolean(b.address_id), {
    message: "give either shipping_address or address_id",
    path: ["shipping_address"],
  });
export type CheckoutBody = z.infer<typeof CheckoutBody>;

export const OrderLineBody = z
  .object({
    product_id: z.uuid(),
    quantity: z.number().int().min(1).max(999),
  })
  .strict();

export const PlaceOrderBody = z
  .object({
    ...CheckoutFields,
    items: z.array(OrderLineBody).min(1).max(100).describe("What to buy; the cart is left alone"),
  })
  .strict()
  .refine((b) => Boolean(b.shipping_address) !== Boolean(b.address_id), {
    message: "give either shipping_address or address_id",
    path: ["shipping_address"],
  });
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .trim()
    .min(8)
    .max(200)
    .describe(
      "A unique key per purchase attempt (e.g. a UUID); a retry with the same key and body returns the same order",
    ),
});

const MarketplaceRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

export const OrderItemResponse = z.object({
  id: z.uuid(),
  product_id: z.uuid(),
  marketplace: MarketplaceRef,
  title: z.string(),
  image_url: z.string().nullable(),
  quantity: z.number().int(),
  unit_price: MoneyString.describe("In the product's currency, as bought"),
  currency: z.string(),
  fx_rate: z.string().describe("Store-currency units per 1 unit of the product's currency, frozen at purchase"),
  unit_store_price: MoneyString,
  line_total: MoneyString.describe("In the order's (store) currency"),
  status: ItemStatus,
});

export const OrderGroupResponse = z.object({
  marketplace: MarketplaceRef,
  item_count: z.number().int(),
  subtotal: MoneyString,
  item_ids: z.array(z.uuid()),
});

export const StatusChangeResponse = z.object({
  item_id: z.uuid().nullable(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string().nullable(),
  actor: z.string(),
  at: Timestamp,
});

/** The recipient part of an address, copied into the order. */
export const ShippingAddressResponse = AddressResponse.pick({
  name: true,
  phone_number: true,
  line1: true,
  line2: true,
  city: true,
  region: true,
  postal_code: true,
  country: true,
});

export const OrderResponse = z.object({
  id: z.uuid(),
  number: z.string().describe("What people quote, e.g. SK-100042"),
  status: OrderStatus,
  user_id: z.uuid().nullable(),
  email: z.string(),
  phone_number: z.string().nullable(),
  currency: z.string(),
  subtotal: MoneyString,
  shipping: MoneyString,
  total: MoneyString,
  payment_method: z.string(),
  shipping_address: ShippingAddressResponse,
  expires_at: Timestamp.nullable().describe("An unpaid order is cancelled at this time"),
  paid_at: Timestamp.nullable(),
  cancelled_at: Timestamp.nullable(),
  cancel_reason: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  items: z.array(OrderItemResponse),
  groups: z.array(OrderGroupResponse).describe("Items per marketplace: one supplier order each"),
});
export type OrderResponse = z.infer<typeof OrderResponse>;

export const OrderListQuery = PageQuery.extend({ status: OrderStatus.optional() }).strict();

export const AdminOrderListQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  user_id: z.uuid().optional().describe("Orders of this customer"),
  email: z.string().trim().min(3).max(254).optional().describe("Orders placed with this email"),
  from: z.iso.datetime({ offset: true }).optional().describe("Created at or after (ISO 8601)"),
  to: z.iso.datetime({ offset: true }).optional().describe("Created at or before (ISO 8601)"),
}).strict();

export const OrderStatusBody = z
  .object({
    status: OrderStatus,
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const ItemStatusBody = z
  .object({
    status: ItemStatus,
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const PayOrderBody = z
  .object({
    payment_method: PaymentMethod,
    phone_number: z.string().trim().min(9).max(16).optional().describe("M-Pesa number to prompt (mpesa)"),
  })
  .strict();

export const CancelOrderBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .optional();

export const OrderItemParams = z.object({ id: z.uuid(), item_id: z.uuid() });

export const RefundOrderBody = z
  .object({
    amount: MoneyInput.describe("How much to give back, in the order's currency (major units)"),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type RefundOrderBody = z.infer<typeof RefundOrderBody>;
