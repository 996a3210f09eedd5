import { randomUUID } from "node:crypto";
import type { AdminDashboardResponse } from "@sokoni/contracts";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../../test/mock-gateway.ts";
import { makeProduct } from "../modules/catalog/catalog.factories.ts";
import { newId } from "../platform/ids.ts";
import { startOfDay } from "./dashboard.routes.ts";

let t: PaymentsTestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
beforeAll(async () => {
  // The real payments module: a wallet order settles (and the order is paid) in checkout.
  t = await createPaymentsTestApp({ recordSettled: false });
  admin = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "admin" })}` };
  staff = { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "staff" })}` };
});
afterAll(() => t.close());

const NAIROBI = {
  name: "Amina Wanjiru",
  phone_number: "0712345678",
  line1: "Moi Avenue 12",
  city: "Nairobi",
  country: "KE",
};

async function dashboard(headers = admin): Promise<AdminDashboardResponse> {
  const res = await t.app.inject({ method: "GET", url: "/api/admin/dashboard", headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const statusCount = (d: AdminDashboardResponse, status: string) =>
  d.orders_by_status.find((s) => s.status === status)?.count;
const payment = (d: AdminDashboardResponse, status: string) =>
  d.payments_by_status.find((p) => p.status === status && p.currency === "KES") ?? { count: 0, amount: "0.00" };

async function placeOrder(token: string, productId: string, method: "wallet" | "mock") {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/orders",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": randomUUID() },
    payload: { shipping_address: NAIROBI, payment_method: method, items: [{ product_id: productId, quantity: 1 }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().order as { id: string; status: string };
}

describe("GET /api/admin/dashboard", () => {
  it("asks a guest to sign in (401) and refuses a customer (403), as problem+json", async () => {
    const guest = await t.app.inject({ method: "GET", url: "/api/admin/dashboard" });
    expect(guest.statusCode).toBe(401);
    expect(guest.headers["content-type"]).toMatch(/application\/problem\+json/);
    const customer = await t.app.inject({
      method: "GET",
      url: "/api/admin/dashboard",
      headers: { authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role: "customer" })}` },
    });
    expect(customer.statusCode).toBe(403);
    expect(customer.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("follows orders and payments made through checkout; today is the store's day", async () => {
    const empty = await dashboard(staff);
    expect(empty).toMatchObject({
      currency: "KES",
      time_zone: "Africa/Nairobi",
      today: { orders: 0, revenue: "0.00" },
      last_7_days: { orders: 0, revenue: "0.00" },
      failed_jobs: 0,
      payments_by_status: [],
    });
    expect(empty.orders_by_status).toHaveLength(8);
    expect(empty.today.since).toBe(startOfDay("Africa/Nairobi", new Date()).toISOString());

    const product = await makeProduct(t.ctx, t.modules, { name: "Kikoy Towel", price: "500.00", stock: 10 });
    const buyer = await t.modules.identity.register(t.ctx, {
      username: `dash_${Date.now().toString(36)}`,
      email: `dash.${Date.now().toString(36)}@example.com`,
      phoneNumber: "0712345678",
      password: "correct horse battery",
    });
    await t.modules.wallet.credit(t.ctx, { userId: buyer.user.id, amountMinor: 200_000, reason: "top-up" });

    const paid = await placeOrder(buyer.accessToken, product.id, "wallet");
    expect(paid.status).toBe("paid");
    const afterPaid = await dashboard();
    expect(afterPaid.today).toMatchObject({ orders: 1, revenue: "500.00" });
    expect(afterPaid.last_7_days).toMatchObject({ orders: 1, revenue: "500.00" });
    expect(statusCount(afterPaid, "paid")).toBe(1);
    expect(payment(afterPaid, "succeeded")).toMatchObject({ count: 1, amount: "500.00" });

    // A pending order counts as placed but brings no revenue yet.
    const pending = await placeOrder(buyer.accessToken, product.id, "mock");
    expect(pending.status).toBe("pending_payment");
    const afterPending = await dashboard();
    expect(afterPending.today).toMatchObject({ orders: 2, revenue: "500.00" });
    expect(statusCount(afterPending, "pending_payment")).toBe(1);
    expect(payment(afterPending, "pending")).toMatchObject({ count: 1, amount: "500.00" });

    // The paid order placed and paid two days ago: no longer today's, still the week's.
    await t.database.db.execute(
      sql`update orders.orders set created_at = now() - interval '2 days', paid_at = now() - interval '2 days' where id = ${paid.id}`,
    );
    const later = await dashboard();
    expect(later.today).toMatchObject({ orders: 1, revenue: "0.00" });
    expect(later.last_7_days).toMatchObject({ orders: 2, revenue: "500.00" });
  });
});

describe("startOfDay", () => {
  it("is midnight in Nairobi (UTC+3), also when UTC is still on the day before", () => {
    const justAfterMidnight = new Date("2026-11-23T21:30:00Z"); // 00:30 on the 24th in Nairobi
    expect(startOfDay("Africa/Nairobi", justAfterMidnight).toISOString()).toBe("2026-11-23T21:00:00.000Z");
    expect(startOfDay("Africa/Nairobi", justAfterMidnight, 6).toISOString()).toBe("2026-11-17T21:00:00.000Z");
    const lateEvening = new Date("2026-11-23T20:59:59Z"); // 23:59:59 on the 23rd
    expect(startOfDay("Africa/Nairobi", lateEvening).toISOString()).toBe("2026-11-22T21:00:00.000Z");
  });
});
