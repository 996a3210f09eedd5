import { startDaraja } from "./daraja/index.ts";
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
  // Daraja: DARAJA_* default to the values the API uses unconfigured (sandbox shortcode 174379).
  const daraja = await startDaraja({
    port: Number(process.env.DARAJA_PORT || 4011),
    host,
    consumerKey: process.env.MPESA_CONSUMER_KEY || undefined,
    consumerSecret: process.env.MPESA_CONSUMER_SECRET || undefined,
    shortcode: process.env.MPESA_SHORTCODE || undefined,
    passkey: process.env.MPESA_PASSKEY || undefined,
    callbackDelayMs: Number(process.env.DARAJA_CALLBACK_DELAY_MS || 3000),
    logger: true,
  });
  process.stdout.write(
    `\n  Daraja (M-Pesa) simulator at ${daraja.url}\n  Start the API with MPESA_BASE_URL=${daraja.url}\n  Phones ending 1032 cancel, 1037 time out, 2001 wrong PIN, 0001 insufficient funds, 9999 no callback\n`,
  );
  process.stdout.write(
    `\n  Mock payment gateway at ${gateway.url}\n  Start the API with MOCK_GATEWAY_URL=${gateway.url}\n\n`,
  );
  const stop = async () => {
    await gateway.close();
    await daraja.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
