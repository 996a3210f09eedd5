import { startMockGateway } from "./mock-gateway/index.ts";

/**
 * `npm run sandbox`: runs the simulators standalone. MOCK_GATEWAY_SECRET must match the API's
 * (both default to the same development value); point the API at it with MOCK_GATEWAY_URL.
 */
const DEV_SECRET = "sokoni-dev-mock-gateway-secret";

async function main() {
  const secret = process.env.MOCK_GATEWAY_SECRET || DEV_SECRET;
  const port = Number(process.env.MOCK_GATEWAY_PORT || 4010);
  const host = process.env.MOCK_GATEWAY_HOST || "127.0.0.1";
  const gateway = await startMockGateway({ secret, port, host, logger: true });
  process.stdout.write(
    `\n  Mock payment gateway at ${gateway.url}\n  Start the API with MOCK_GATEWAY_URL=${gateway.url}\n\n`,
  );
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
