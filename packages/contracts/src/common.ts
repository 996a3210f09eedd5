import { z } from "zod";

/** RFC 9457 problem details: the body of every error response. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe("Stable machine-readable error code, e.g. VALIDATION_FAILED"),
    request_id: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe("RFC 9457 problem details");
export type Problem = z.infer<typeof Problem>;

/** Money as the API shows it: a decimal string in major units. */
export const MoneyString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Decimal amount in major units, e.g. "1499.00"');

/** Money as the API accepts it: a number or a decimal string, at most 2 decimals, never negative. */
export const MoneyInput = z
  .union([
    z.number().nonnegative(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "must be a decimal amount"),
  ])
  .describe('Amount in major units as a number or decimal string, e.g. 1499 or "1499.00"');

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as KES or USD")
  .describe("ISO 4217 currency code");

export const Uuid = z.uuid();
export const IdParams = z.object({ id: z.uuid() });

export const MAX_PAGE_SIZE = 100;

/** `?page=&page_size=`; a page_size above the cap is clamped to it rather than refused. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .transform((n) => Math.min(n, MAX_PAGE_SIZE))
    .describe(`Items per page, at most ${MAX_PAGE_SIZE} (larger values are clamped)`),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int(),
  });
}

export const Timestamp = z.string().describe("ISO 8601 timestamp");
