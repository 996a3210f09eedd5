import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { products } from "../catalog/catalog.tables.ts";
import { users } from "../identity/identity.tables.ts";
import { ITEM_STATUSES, ORDER_STATUSES } from "./order-status.ts";

export const ordersSchema = pgSchema("orders");

/** The address shape of identity, copied into the order so later edits never rewrite history. */
export type ShippingAddress = {
  name: string;
  phone_number: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string | null;
  country: string;
};

/** Human-facing order numbers (SK-100001, ...): ids are UUIDs, people read numbers. */
export const orderNumbers = ordersSchema.sequence("order_number_seq", { startWith: 100001 });

export const orders = ordersSchema.table(
  "orders",
  {
    id: uuid().primaryKey(),
    number: bigint({ mode: "number" }).notNull().default(sql`nextval('orders.order_number_seq')`),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    email: text().notNull(),
    phoneNumber: text(),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    currency: text().notNull(),
    subtotalMinor: bigint({ mode: "number" }).notNull(),
    shippingMinor: bigint({ mode: "number" }).notNull().default(0),
    totalMinor: bigint({ mode: "number" }).notNull(),
    paymentMethod: text().notNull(),
    shippingAddress: jsonb().$type<ShippingAddress>().notNull(),
    /** An unpaid order is cancelled by a job at this time and its stock released. */
    expiresAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_number_key").on(t.number),
    index("orders_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("orders_status_created_idx").on(t.status, t.createdAt.desc()),
    index("orders_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("orders_pending_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'pending_payment'`),
    check("orders_total_non_negative", sql`${t.totalMinor} >= 0 and ${t.subtotalMinor} >= 0`),
  ],
);

export const orderItems = ordersSchema.table(
  "order_items",
  {
    id: uuid().primaryKey(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    // No cascade: a product that orders refer to cannot be deleted, so the catalog archives it.
    productId: uuid()
      .notNull()
      .references(() => products.id),
    marketplaceId: uuid().notNull(),
    marketplaceCode: text().notNull(),
    marketplaceName: text().notNull(),
    /** House items took stock at checkout; cancelling gives it back. */
    stockReserved: integer().notNull().default(0),
    title: text().notNull(),
    imageUrl: text(),
    quantity: integer().notNull(),
    unitPriceMinor: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** Store-currency units per 1 unit of `currency`, frozen at purchase. */
    fxRate: numeric({ precision: 20, scale: 10 }).notNull(),
    unitStorePriceMinor: bigint({ mode: "number" }).notNull(),
    lineTotalMinor: bigint({ mode: "number" }).notNull(),
    status: text({ enum: ITEM_STATUSES }).notNull().default("pending"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), check("order_items_quantity_positive", sql`${t.quantity} > 0`)],
);

/** Every status change of an order or one of its items, who made it and why. */
export const statusHistory = ordersSchema.table(
  "status_history",
  {
    id: uuid().primaryKey(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    orderItemId: uuid().references(() => orderItems.id, { onDelete: "cascade" }),
    fromStatus: text(),
    toStatus: text().notNull(),
    reason: text(),
    actor: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("status_history_order_idx").on(t.orderId, t.createdAt)],
);
