export { type MockGateway, type MockGatewayOptions, startMockGateway } from "./mock-gateway/index.ts";
