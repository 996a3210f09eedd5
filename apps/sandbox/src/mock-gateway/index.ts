export {
  type MockGateway,
  type MockGatewayOptions,
  type MockSession,
  signPayload,
  startMockGateway,
} from "./server.ts";
