export { findWalmartItem, type WalmartItem, walmartItems } from "./catalog.ts";
export {
  startWalmart,
  WALMART_API_PREFIX,
  WALMART_CATEGORIES,
  WALMART_DEV_CONSUMER_ID,
  WALMART_DEV_KEY_VERSION,
  WALMART_DEV_PRIVATE_KEY,
  WALMART_DEV_PUBLIC_KEY,
  WALMART_MAX_ITEMS,
  WALMART_SORTS,
  type WalmartOptions,
  type WalmartSimulator,
} from "./server.ts";
