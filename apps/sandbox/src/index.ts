export { type Daraja, type DarajaOptions, startDaraja } from "./daraja/index.ts";
export { type MockGateway, type MockGatewayOptions, startMockGateway } from "./mock-gateway/index.ts";
export { type StripeOptions, type StripeSimulator, startStripe } from "./stripe/index.ts";
