// Public face of the checkout module: other modules import only from here.
export { checkoutRoutes } from "./checkout.routes.ts";
export {
  CHECKOUT_JOBS,
  type CheckoutInput,
  type CheckoutModule,
  createCheckoutModule,
  type PaymentMethod,
  type PlaceResult,
} from "./checkout.service.ts";
