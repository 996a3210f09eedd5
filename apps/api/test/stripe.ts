import { type StripeSimulator, startStripe } from "@sokoni/sandbox/stripe";

export const TEST_STRIPE_SECRET_KEY = "sk_test_sokoni_tests_0123456789";
export const TEST_STRIPE_WEBHOOK_SECRET = "whsec_sokoni_tests_0123456789";

/** The sandbox's Stripe simulator on 127.0.0.1 with quick webhook retries; point it with setWebhookUrl. */
export function startTestStripe(): Promise<StripeSimulator> {
  return startStripe({
    secretKey: TEST_STRIPE_SECRET_KEY,
    webhookSecret: TEST_STRIPE_WEBHOOK_SECRET,
    retryDelaysMs: [50, 100, 200],
  });
}

/** Environment that points an app at the simulator `sim`. */
export function stripeEnv(sim: StripeSimulator): Record<string, string> {
  return {
    STRIPE_API_BASE: sim.url,
    STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
  };
}
