import { z } from "zod";
import { CurrencyCode, MoneyInput, MoneyString, PageQuery, pageOf, Timestamp } from "./common.ts";
import { MarketplaceRef } from "./marketplaces.ts";

// ---------------------------------------------------------------- categories

export const Slug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens")
  .describe("URL-safe identifier, unique across categories");

export const CategoryRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
export type CategoryRef = z.infer<typeof CategoryRef>;

export const CategoryResponse = z
  .object({
    id: z.uuid(),
    parent_id: z.uuid().nullable(),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    position: z.number().int().describe("Sort order among siblings (then by name)"),
    depth: z.number().int().describe("0 for a root category"),
    path: z.array(z.string()).describe("Slugs from the root down to this category, inclusive"),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .describe("A category; lists are in tree order (parents before their children)");
export type CategoryResponse = z.infer<typeof CategoryResponse>;

export type CategoryTreeNode = CategoryResponse & { children: CategoryTreeNode[] };
export const CategoryTreeNode: z.ZodType<CategoryTreeNode> = CategoryResponse.extend({
  get children() {
    return z.array(CategoryTreeNode);
  },
});

export const CategoryListQuery = z.object({
  format: z
    .enum(["flat", "tree"])
    .default("flat")
    .describe(
      "flat (default): every category in tree order with parent_id/depth/path; tree: roots with nested children",
    ),
});

export const CategoryListResponse = z.object({
  items: z
    .union([z.array(CategoryTreeNode), z.array(CategoryResponse)])
    .describe("CategoryResponse[] or, with format=tree, nested roots"),
  total: z.number().int().describe("Number of categories in the whole tree"),
});

export const CategoryDetailResponse = CategoryResponse.extend({
  ancestors: z.array(CategoryRef).describe("From the root down to the parent"),
  children: z.array(CategoryRef),
});
export type CategoryDetailResponse = z.infer<typeof CategoryDetailResponse>;

export const CategorySlugParams = z.object({ slug: z.string().min(1).max(120) });

export const CreateCategoryBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: Slug.optional().describe("Derived from the name when absent"),
    parent_id: z.uuid().nullable().optional(),
    description: z.string().max(2000).optional(),
    position: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict();
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;

export const UpdateCategoryBody = CreateCategoryBody.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "send at least one field" });
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

// ---------------------------------------------------------------- products

/** The GS1 check digit is right (weights 3,1,3,… from the right of the digits before it). */
function hasGtinCheckDigit(code: string): boolean {
  let sum = 0;
  for (let i = 1; i < code.length; i++) sum += (code.charCodeAt(code.length - 1 - i) - 48) * (i % 2 === 1 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === code.charCodeAt(code.length - 1) - 48;
}

/** GTIN-8, UPC-A (12), EAN-13 or GTIN-14 with a right check digit; spaces and hyphens are dropped. */
export const Gtin = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(
    z.string().superRefine((v, ctx) => {
      // One message per code: the first rule it breaks.
      if (!/^(\d{8}|\d{12,14})$/.test(v)) ctx.addIssue({ code: "custom", message: "must be 8, 12, 13 or 14 digits" });
      else if (/^0+$/.test(v)) ctx.addIssue({ code: "custom", message: "must not be all zeros" });
      else if (!hasGtinCheckDigit(v)) ctx.addIssue({ code: "custom", message: "has a wrong check digit" });
    }),
  )
  .describe("GTIN/EAN/UPC barcode (8, 12, 13 or 14 digits, check digit verified)");

const Brand = z.string().trim().min(1).max(80).describe("Maker's brand; detected from the name when absent");

export const ProductResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  price: MoneyString,
  currency: CurrencyCode,
  store_price: MoneyString.describe("The price converted to the store currency at the current fx rate"),
  store_currency: CurrencyCode,
  stock: z.number().int(),
  image_url: z.string().nullable(),
  images: z.array(z.string()).describe("More pictures for the product page's gallery, after image_url"),
  category: CategoryRef.nullable(),
  marketplace: MarketplaceRef,
  external_id: z.string().nullable(),
  product_url: z.string().nullable(),
  available: z.boolean(),
  in_stock: z.boolean().describe("Available, and for house products stock > 0"),
  rating: z.number().nullable(),
  rating_count: z.number().int(),
  gtin: z.string().nullable().describe("GTIN/EAN/UPC as given (digits only)"),
  brand: z.string().nullable().describe("As given, else the brand detected in the name (lowercase), else null"),
  relation_token: z
    .string()
    .nullable()
    .describe("Offers of the same item share it (ADR 008): gtin:…, attr:… or title:…; see GET /products/:id/offers"),
  status: z.enum(["active", "archived"]),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ProductResponse = z.infer<typeof ProductResponse>;

export const ProductListResponse = pageOf(ProductResponse);
export type ProductListResponse = z.infer<typeof ProductListResponse>;

const ProductImages = z
  .array(z.url().max(2000))
  .max(12)
  .describe("More pictures for the product page's gallery, after image_url (at most 12)");

const productFields = {
  name: z.string().trim().min(1).max(300).describe("Title"),
  description: z.string().max(20_000).default(""),
  price: MoneyInput,
  currency: CurrencyCode.optional().describe("Defaults to the store currency; needs an fx rate"),
  stock: z.number().int().min(0).max(2_147_483_647).default(0),
  image_url: z.url().max(2000).nullable().default(null),
  images: ProductImages.default([]),
  category: z.string().min(1).max(120).nullable().default(null).describe("Category slug or id; null for none"),
  marketplace: z.string().min(1).max(40).default("sokoni").describe("Marketplace code"),
  external_id: z.string().min(1).max(200).nullable().default(null).describe("The item's id in its marketplace"),
  product_url: z.url().max(2000).nullable().default(null),
  available: z.boolean().default(true),
  rating: z.number().min(0).max(5).nullable().default(null),
  rating_count: z.number().int().min(0).default(0),
  gtin: Gtin.nullable().default(null),
  brand: Brand.nullable().default(null),
};

export const CreateProductBody = z.object(productFields).strict();
export type CreateProductBody = z.infer<typeof CreateProductBody>;

/** PUT replaces the whole product: omitted optional fields take their defaults. */
export const ReplaceProductBody = CreateProductBody;
export type ReplaceProductBody = CreateProductBody;

export const UpdateProductBody = z
  .object({
    name: productFields.name,
    description: z.string().max(20_000),
    price: MoneyInput,
    currency: CurrencyCode,
    stock: productFields.stock.unwrap(),
    image_url: z.url().max(2000).nullable(),
    images: ProductImages,
    category: z.string().min(1).max(120).nullable(),
    marketplace: z.string().min(1).max(40),
    external_id: z.string().min(1).max(200).nullable(),
    product_url: z.url().max(2000).nullable(),
    available: z.boolean(),
    rating: z.number().min(0).max(5).nullable(),
    rating_count: z.number().int().min(0),
    gtin: Gtin.nullable(),
    brand: Brand.nullable(),
    status: z.enum(["active", "archived"]).describe("Archive a product, or restore an archived one"),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "send at least one field" });
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

/** GET /api/products/:id/offers: every active offer of the same item, cheapest first. */
export const ProductOffersResponse = z.object({
  relation_token: z.string().nullable(),
  items: z
    .array(ProductResponse)
    .describe("The product and every other active offer with its relation_token, by store price"),
  total: z.number().int(),
  cheapest_id: z.uuid().describe("The offer with the lowest store price (then the best rated)"),
  best_rated_id: z
    .uuid()
    .nullable()
    .describe("The offer rated highest (then by rating count); null when none is rated"),
  min_store_price: MoneyString,
  max_store_price: MoneyString,
  spread: MoneyString.describe("max_store_price − min_store_price, in the store currency"),
  store_currency: CurrencyCode,
});
export type ProductOffersResponse = z.infer<typeof ProductOffersResponse>;

export const PRODUCT_SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;
export const ProductSort = z.enum(PRODUCT_SORTS);
export type ProductSort = z.infer<typeof ProductSort>;

export const PriceFilter = z
  .string()
  .regex(/^\d+(\.\d{1,2})?$/, "must be a non-negative amount with at most 2 decimals")
  .describe("In the store currency");

export const ProductListQuery = PageQuery.extend({
  q: z.string().max(200).optional().describe('Web search syntax: "exact phrase", -exclude, a OR b; typo tolerant'),
  category: z.string().min(1).max(120).optional().describe("Category slug; includes its sub-categories"),
  min_price: PriceFilter.optional(),
  max_price: PriceFilter.optional(),
  in_stock: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("true: only products that can be bought now; false: only those that cannot"),
  marketplace: z.string().min(1).max(40).optional().describe("Marketplace code"),
  min_rating: z.coerce.number().min(0).max(5).optional().describe("Only products rated at least this (0–5)"),
  sort: ProductSort.optional().describe("Default: relevance when q is given, else newest"),
}).refine((v) => v.min_price === undefined || v.max_price === undefined || Number(v.min_price) <= Number(v.max_price), {
  message: "must not be below min_price",
  path: ["max_price"],
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export const ADMIN_PRODUCT_STATUSES = ["active", "archived", "all"] as const;
export const AdminProductStatus = z.enum(ADMIN_PRODUCT_STATUSES);
export type AdminProductStatus = z.infer<typeof AdminProductStatus>;

/** GET /api/admin/products: every product whatever its status or marketplace, newest first. */
export const AdminProductListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe("Part of the name, or words of the name or description"),
  status: AdminProductStatus.default("all").describe("active, archived, or all (default)"),
});
export type AdminProductListQuery = z.infer<typeof AdminProductListQuery>;

// ---------------------------------------------------------------- fx rates

export const FxRateResponse = z.object({
  currency: CurrencyCode,
  rate: z.string().describe("Units of the store currency that 1 unit of `currency` buys"),
  updated_at: Timestamp,
});
export type FxRateResponse = z.infer<typeof FxRateResponse>;

export const FxRateListResponse = z.object({
  store_currency: CurrencyCode,
  items: z.array(FxRateResponse),
  total: z.number().int(),
});

export const FxCurrencyParams = z.object({ currency: CurrencyCode });

export const SetFxRateBody = z
  .object({
    rate: z
      .union([
        z.number().positive(),
        z
          .string()
          .trim()
          .regex(/^\d{1,10}(\.\d{1,10})?$/, "must be a positive decimal"),
      ])
      .describe("Units of the store currency per 1 unit, at most 10 decimals"),
  })
  .strict();

export const SetFxRateResponse = z.object({
  currency: CurrencyCode,
  rate: z.string(),
  products_repriced: z.number().int().describe("Products whose store price was recomputed"),
});
