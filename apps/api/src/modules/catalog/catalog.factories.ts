import type { Modules } from "../../app.ts";
import type { Ctx } from "../../platform/ctx.ts";
import type { Category, CreateCategoryInput } from "./use-cases/categories.ts";
import type { Product, ProductInput } from "./use-cases/products.ts";

// Test factories: arrange data through the module API, with overrides (STYLE.md).
let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function makeCategory(
  ctx: Ctx,
  modules: Pick<Modules, "catalog">,
  overrides: Partial<CreateCategoryInput> = {},
): Promise<Category> {
  const n = next();
  return modules.catalog.createCategory(ctx, { name: `Category ${n}`, slug: `cat-${n}`, ...overrides });
}

export async function makeProduct(
  ctx: Ctx,
  modules: Pick<Modules, "catalog">,
  overrides: Partial<ProductInput> = {},
): Promise<Product> {
  return modules.catalog.createProduct(ctx, {
    name: `Product ${next()}`,
    description: "A plain test product",
    price: "100.00",
    stock: 5,
    ...overrides,
  });
}

/** A marketplace other than the house store (kind generic unless overridden). */
export async function makeMarketplace(
  ctx: Ctx,
  modules: Pick<Modules, "marketplaces">,
  overrides: Partial<Parameters<Modules["marketplaces"]["upsertMarketplace"]>[1]> = {},
) {
  const n = next();
  return modules.marketplaces.upsertMarketplace(ctx, {
    code: `mk-${n}`,
    name: `Market ${n}`,
    kind: "generic",
    currency: "USD",
    ...overrides,
  });
}
