import {
  AuthResponse,
  CartItemResponse,
  CartResponse,
  CategoryResponse,
  MarketplaceResponse,
  OrderResponse,
  PaymentResponse,
} from "@sokoni/contracts";
import { OrderDetail } from "@/features/orders/api/get-order";

/**
 * Test data in the API's shapes: each maker starts from a valid response, applies the test's
 * overrides and parses the result with the contract schema, so a fixture cannot drift from what
 * the API answers. Ids are stable per test file (a counter), which keeps failures readable.
 */
let counter = 0;
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

const NOW = "2026-01-15T09:30:00.000Z";

export function makeAuth(overrides: Partial<AuthResponse["user"]> = {}): AuthResponse {
  return AuthResponse.parse({
    user: {
      id: uuid(),
      username: "amina",
      email: "amina@example.co.ke",
      phone_number: "+254712345678",
      first_name: "Amina",
      last_name: "Wanjiru",
      role: "customer",
      created_at: NOW,
      ...overrides,
    },
    access_token: "access-token",
    refresh_token: "",
    token_type: "Bearer",
    expires_in: 900,
  });
}

export type MarketplaceRef = CartItemResponse["marketplace"];

export function makeMarketplaceRef(code: string, name: string): MarketplaceRef {
  return { id: uuid(), code, name };
}

/** A cart line priced in KES; `quantity` × `unit_store_price` gives its line_total unless overridden. */
export function makeCartItem(
  marketplace: MarketplaceRef,
  overrides: Partial<CartItemResponse> & { unit_store_price: string },
): CartItemResponse {
  const quantity = overrides.quantity ?? 1;
  return CartItemResponse.parse({
    id: uuid(),
    product_id: uuid(),
    name: "Item",
    image_url: null,
    marketplace,
    quantity,
    unit_price: overrides.unit_store_price,
    currency: "KES",
    line_total: (Number(overrides.unit_store_price) * quantity).toFixed(2),
    stock: 50,
    available: true,
    unavailable_reason: null,
    added_at: NOW,
    updated_at: NOW,
    ...overrides,
  });
}

/** A cart as the API prices it: groups per marketplace in first-line order, totals over available lines. */
export function makeCart(items: CartItemResponse[]): CartResponse {
  const money = (lines: CartItemResponse[]) =>
    lines
      .filter((line) => line.available)
      .reduce((sum, line) => sum + Number(line.line_total), 0)
      .toFixed(2);
  const markets = [...new Map(items.map((item) => [item.marketplace.id, item.marketplace])).values()];
  const total = money(items);
  return CartResponse.parse({
    id: items.length > 0 ? uuid() : null,
    store_currency: "KES",
    items,
    groups: markets.map((marketplace) => {
      const lines = items.filter((item) => item.marketplace.id === marketplace.id);
      return {
        marketplace,
        subtotal: money(lines),
        item_count: lines.reduce((n, line) => n + line.quantity, 0),
      };
    }),
    subtotal: total,
    total,
    item_count: items.reduce((n, line) => n + line.quantity, 0),
    updated_at: items.length > 0 ? NOW : null,
  });
}

export function makeCategory(overrides: Partial<CategoryResponse> & { name: string; slug: string }): CategoryResponse {
  return CategoryResponse.parse({
    id: uuid(),
    parent_id: null,
    description: "",
    position: 0,
    depth: 0,
    path: [overrides.slug],
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  });
}

export function makeMarketplace(
  overrides: Partial<MarketplaceResponse> & { code: string; name: string },
): MarketplaceResponse {
  return MarketplaceResponse.parse({
    kind: "generic",
    description: "",
    logo_url: null,
    website_url: null,
    rating: null,
    currency: "KES",
    ships_to: "warehouse",
    active: true,
    ...overrides,
  });
}

export function makePayment(
  orderId: string,
  overrides: Partial<PaymentResponse> & Pick<PaymentResponse, "provider" | "status">,
): PaymentResponse {
  return PaymentResponse.parse({
    id: uuid(),
    order_id: orderId,
    amount: "2500.00",
    currency: "KES",
    phone_number: null,
    provider_reference: null,
    receipt: null,
    redirect_url: null,
    failure_reason: null,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  });
}

/** An order of one 2,500 KES line with its payments (oldest first) and no history. */
export function makeOrder(
  overrides: Partial<OrderResponse> & { payments?: (orderId: string) => PaymentResponse[] } = {},
): OrderDetail {
  const { payments, ...fields } = overrides;
  const id = fields.id ?? uuid();
  const marketplace = makeMarketplaceRef("sokoni", "Sokoni");
  const itemId = uuid();
  const order: OrderResponse = OrderResponse.parse({
    id,
    number: "SK-100042",
    status: "pending_payment",
    user_id: null,
    email: "amina@example.co.ke",
    phone_number: "+254712345678",
    currency: "KES",
    subtotal: "2500.00",
    shipping: "0.00",
    total: "2500.00",
    payment_method: "mpesa",
    shipping_address: {
      name: "Amina Wanjiru",
      phone_number: "+254712345678",
      line1: "Moi Avenue 12",
      line2: null,
      city: "Nairobi",
      region: null,
      postal_code: null,
      country: "KE",
    },
    expires_at: "2026-01-15T10:30:00.000Z",
    paid_at: null,
    cancelled_at: null,
    cancel_reason: null,
    created_at: NOW,
    updated_at: NOW,
    items: [
      {
        id: itemId,
        product_id: uuid(),
        marketplace,
        title: "Kiondo basket",
        image_url: null,
        quantity: 1,
        unit_price: "2500.00",
        currency: "KES",
        fx_rate: "1",
        unit_store_price: "2500.00",
        line_total: "2500.00",
        status: "pending",
      },
    ],
    groups: [{ marketplace, item_count: 1, subtotal: "2500.00", item_ids: [itemId] }],
    ...fields,
  });
  return OrderDetail.parse({ ...order, payments: payments?.(id) ?? [], history: [] });
}
