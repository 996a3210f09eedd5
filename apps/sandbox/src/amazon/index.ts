export {
  AMAZON_DEV_ACCESS_KEY,
  AMAZON_DEV_PARTNER_TAG,
  AMAZON_DEV_SECRET_KEY,
  type AmazonOptions,
  type AmazonSimulator,
  PAAPI_RESOURCES,
  PAAPI_SEARCH_INDEX,
  PAAPI_SERVICE,
  PAAPI_TARGET_PREFIX,
  startAmazon,
} from "./server.ts";
export { type SignedRequest, type SigV4Result, signingKey, verifySigV4 } from "./sigv4.ts";
