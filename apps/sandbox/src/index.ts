export { type AliExpressOptions, type AliExpressSimulator, startAliExpress } from "./aliexpress/index.ts";
export { type AmazonOptions, type AmazonSimulator, startAmazon } from "./amazon/index.ts";
export { type Daraja, type DarajaOptions, startDaraja } from "./daraja/index.ts";
export { type EbayOptions, type EbaySimulator, startEbay } from "./ebay/index.ts";
export { type JumiaOptions, type JumiaSimulator, startJumia } from "./jumia/index.ts";
export { listingsOf, type SimMode, type SimModeInput, universeItemOf } from "./market-catalog/index.ts";
export { type MockGateway, type MockGatewayOptions, startMockGateway } from "./mock-gateway/index.ts";
export { type StripeOptions, type StripeSimulator, startStripe } from "./stripe/index.ts";
export { startWalmart, type WalmartOptions, type WalmartSimulator } from "./walmart/index.ts";
