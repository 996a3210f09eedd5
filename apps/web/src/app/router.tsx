import { createBrowserRouter } from "react-router";
import { Layout } from "@/app/routes/layout";
import { RouteError } from "@/app/routes/route-error";

/** Every page is its own chunk: the first load fetches only the layout and the page it shows. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: () => import("@/app/routes/home") },
      { path: "search", lazy: () => import("@/app/routes/search") },
      { path: "products/:id", lazy: () => import("@/app/routes/product") },
      { path: "cart", lazy: () => import("@/app/routes/cart") },
      { path: "login", lazy: () => import("@/app/routes/login") },
      { path: "register", lazy: () => import("@/app/routes/register") },
      { path: "checkout", lazy: () => import("@/app/routes/checkout") },
      { path: "orders", lazy: () => import("@/app/routes/orders") },
      { path: "orders/:id", lazy: () => import("@/app/routes/order-detail") },
      { path: "orders/:id/confirmation", lazy: () => import("@/app/routes/order-confirmation") },
      {
        path: "account",
        lazy: () => import("@/app/routes/account"),
        children: [
          { index: true, lazy: () => import("@/app/routes/account-details") },
          { path: "addresses", lazy: () => import("@/app/routes/account-addresses") },
          { path: "wallet", lazy: () => import("@/app/routes/account-wallet") },
        ],
      },
      { path: "support", lazy: () => import("@/app/routes/support") },
      { path: "about", lazy: () => import("@/app/routes/about") },
      { path: "stores", lazy: () => import("@/app/routes/stores") },
      { path: "stores/:code", lazy: () => import("@/app/routes/store") },
      { path: "admin/*", lazy: () => import("@/app/routes/admin") },
      { path: "*", lazy: () => import("@/app/routes/not-found") },
    ],
  },
]);
