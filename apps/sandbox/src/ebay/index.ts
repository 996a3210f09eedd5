export {
  EBAY_API_SCOPE,
  EBAY_CATEGORIES,
  EBAY_DEV_CLIENT_ID,
  EBAY_DEV_CLIENT_SECRET,
  EBAY_ERRORS,
  type EbayOptions,
  type EbaySimulator,
  startEbay,
} from "./server.ts";
