export {
  type StripeDelivery,
  type StripeEvent,
  type StripeOptions,
  type StripeSimulator,
  startStripe,
} from "./server.ts";
