import { ALIEXPRESS_DEV_APP_KEY, ALIEXPRESS_DEV_APP_SECRET, startAliExpress } from "./aliexpress/index.ts";
import { AMAZON_DEV_ACCESS_KEY, AMAZON_DEV_PARTNER_TAG, AMAZON_DEV_SECRET_KEY, startAmazon } from "./amazon/index.ts";
import { startDaraja } from "./daraja/index.ts";
import { EBAY_DEV_CLIENT_ID, EBAY_DEV_CLIENT_SECRET, startEbay } from "./ebay/index.ts";
import { JUMIA_DEV_API_KEY, startJumia } from "./jumia/index.ts";
import { startMockGateway } from "./mock-gateway/index.ts";
import { startStripe } from "./stripe/index.ts";
import { startWalmart, WALMART_DEV_CONSUMER_ID } from "./walmart/index.ts";

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
  // Stripe: the same development keys the API uses unconfigured; events go to the API's webhook.
  const stripe = await startStripe({
    port: Number(process.env.STRIPE_PORT || 4012),
    host,
    secretKey: process.env.STRIPE_SECRET_KEY || "sk_test_sokoni_dev_secret_key",
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || "whsec_sokoni_dev_webhook_secret",
    webhookUrl: process.env.STRIPE_WEBHOOK_URL || "http://localhost:3000/api/stripe/webhook",
    logger: true,
  });
  process.stdout.write(
    `\n  Stripe simulator at ${stripe.url}\n  Start the API with STRIPE_API_BASE=${stripe.url}\n  Card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined\n`,
  );
  // Marketplaces (issue 6): realistic 50–300 ms latency; switches at POST <url>/__sim/mode.
  const ebay = await startEbay({ port: Number(process.env.EBAY_SIM_PORT || 4013), host });
  const amazon = await startAmazon({ port: Number(process.env.AMAZON_SIM_PORT || 4014), host });
  const jumia = await startJumia({ port: Number(process.env.JUMIA_SIM_PORT || 4015), host });
  const walmart = await startWalmart({ port: Number(process.env.WALMART_SIM_PORT || 4016), host });
  const aliexpress = await startAliExpress({ port: Number(process.env.ALIEXPRESS_SIM_PORT || 4017), host });
  process.stdout.write(
    `\n  eBay Browse simulator at ${ebay.url} (client id ${EBAY_DEV_CLIENT_ID}, secret ${EBAY_DEV_CLIENT_SECRET})` +
      `\n  Amazon PA-API 5 simulator at ${amazon.url} (access key ${AMAZON_DEV_ACCESS_KEY}, secret ${AMAZON_DEV_SECRET_KEY}, tag ${AMAZON_DEV_PARTNER_TAG}, region ${amazon.region})` +
      `\n  Jumia-like store at ${jumia.url} (X-Api-Key ${JUMIA_DEV_API_KEY})` +
      `\n  Walmart affiliate simulator at ${walmart.url} (consumer id ${WALMART_DEV_CONSUMER_ID}; private key: WALMART_DEV_PRIVATE_KEY in @sokoni/sandbox/walmart)` +
      `\n  AliExpress affiliate simulator at ${aliexpress.url} (app key ${ALIEXPRESS_DEV_APP_KEY}, secret ${ALIEXPRESS_DEV_APP_SECRET})` +
      `\n  Break one: curl -X POST -H 'content-type: application/json' -d '{"fail":true}' <url>/__sim/mode\n`,
  );
  process.stdout.write(
    `\n  Mock payment gateway at ${gateway.url}\n  Start the API with MOCK_GATEWAY_URL=${gateway.url}\n\n`,
  );
  const stop = async () => {
    await gateway.close();
    await daraja.close();
    await stripe.close();
    await Promise.all([ebay.close(), amazon.close(), jumia.close(), walmart.close(), aliexpress.close()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err) => {
  process.stderr.write(`sandbox failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
