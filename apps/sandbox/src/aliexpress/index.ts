export { type AliExpressProduct, aliexpressProducts, findAliExpressProduct } from "./catalog.ts";
export {
  ALIEXPRESS_CATEGORIES,
  ALIEXPRESS_CURRENCIES,
  ALIEXPRESS_DEV_APP_KEY,
  ALIEXPRESS_DEV_APP_SECRET,
  ALIEXPRESS_DEV_TRACKING_ID,
  ALIEXPRESS_MAX_PAGE_SIZE,
  ALIEXPRESS_METHODS,
  ALIEXPRESS_SORTS,
  type AliExpressOptions,
  type AliExpressSimulator,
  aliexpressSign,
  startAliExpress,
} from "./server.ts";
