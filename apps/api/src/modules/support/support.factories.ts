import type { Modules } from "../../app.ts";
import type { Ctx } from "../../platform/ctx.ts";
import type { Order } from "../orders/index.ts";

/** An unpaid order of one house product, placed by `userId` (null: a guest) with `email`. */
export async function makeOrder(
  ctx: Ctx,
  modules: Pick<Modules, "catalog" | "orders">,
  owner: { userId: string | null; email: string },
): Promise<Order> {
  const product = await modules.catalog.createProduct(ctx, {
    name: `Support test product ${Date.now().toString(36)}`,
    description: "An order to write about",
    price: "250.00",
    stock: 5,
  });
  return modules.orders.createOrder(ctx, {
    userId: owner.userId,
    email: owner.email,
    phoneNumber: null,
    paymentMethod: "mock",
    shippingAddress: {
      name: "Amina Wanjiru",
      phone_number: "+254712345678",
      line1: "Moi Avenue 12",
      line2: null,
      city: "Nairobi",
      region: null,
      postal_code: null,
      country: "KE",
    },
    expiresAt: new Date(Date.now() + 3_600_000),
    lines: [
      {
        productId: product.id,
        marketplace: { id: product.marketplace.id, code: product.marketplace.code, name: product.marketplace.name },
        title: product.name,
        imageUrl: null,
        quantity: 1,
        unitPriceMinor: 25_000,
        currency: "KES",
        fxRate: "1",
        unitStorePriceMinor: 25_000,
        stockReserved: 0,
      },
    ],
  });
}
