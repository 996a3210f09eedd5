/**
 * cart: guest and signed-in carts priced now, merged into the user's cart on sign-in.
 * The only import path for other modules.
 */
export { cartRoutes, cartTokenOf, clearCartCookie, mergeGuestCartOnSignIn, toCartResponse } from "./cart.routes.ts";
export type {
  AddItemInput,
  Cart,
  CartGroupView,
  CartLineView,
  CartModule,
  CartOwner,
  CartQuoteView,
  CartUnavailableReason,
  CartView,
  CheckoutLines,
  QuoteChangeView,
  QuoteUncheckedView,
} from "./cart.service.ts";
export { createCartModule } from "./cart.service.ts";
