import type { UserResponse } from "@sokoni/contracts";
import { NavLink, Route, Routes } from "react-router";
import { AdminCategories } from "@/features/admin/components/category-list";
import { AdminDashboard } from "@/features/admin/components/dashboard";
import { AdminEmailDetail } from "@/features/admin/components/email-detail";
import { AdminEmailList } from "@/features/admin/components/email-list";
import { AdminFailedJobList } from "@/features/admin/components/failed-job-list";
import { AdminFxRates } from "@/features/admin/components/fx-rates";
import { EditMarketplace, NewMarketplace } from "@/features/admin/components/marketplace-editor";
import { AdminMarketplaceList } from "@/features/admin/components/marketplace-list";
import { AdminOrderDetail } from "@/features/admin/components/order-detail";
import { AdminOrderList } from "@/features/admin/components/order-list";
import { EditProduct, NewProduct } from "@/features/admin/components/product-editor";
import { AdminProductList } from "@/features/admin/components/product-list";
import { AdminSupportDetail } from "@/features/admin/components/support-detail";
import { AdminSupportList } from "@/features/admin/components/support-list";
import { AdminTransactionList } from "@/features/admin/components/transaction-list";
import { AdminWalletTopUp } from "@/features/admin/components/wallet-top-up";

const SECTIONS = [
  { to: "/admin", label: "Dashboard" },
  { to: "/admin/products", label: "Products" },
  { to: "/admin/categories", label: "Categories" },
  { to: "/admin/fx-rates", label: "Exchange rates" },
  { to: "/admin/orders", label: "Orders" },
  { to: "/admin/support", label: "Support" },
  // Admins only: the API answers staff 403 there (transactions: only their own payments).
  { to: "/admin/transactions", label: "Transactions", adminOnly: true },
  { to: "/admin/wallets", label: "Wallet top-ups", adminOnly: true },
  { to: "/admin/marketplaces", label: "Marketplaces", adminOnly: true },
  { to: "/admin/emails", label: "Emails", adminOnly: true },
  { to: "/admin/jobs", label: "Failed jobs", adminOnly: true },
];

/** The admin console (its own chunk): navigation, then the section the URL names. */
export default function AdminHome({ user }: { user: UserResponse }) {
  return (
    <div className="flex flex-col gap-4 md:flex-row md:gap-8">
      <nav aria-label="Admin" className="md:w-48 md:shrink-0">
        <p className="mb-2 text-sm text-stone-700">
          Admin console · {user.username || user.email} ({user.role})
        </p>
        <ul className="flex flex-wrap gap-2 md:flex-col">
          {SECTIONS.filter((s) => !("adminOnly" in s) || user.role === "admin").map((s) => (
            <li key={s.to}>
              <NavLink
                to={s.to}
                end={s.to === "/admin"}
                className={({ isActive }) =>
                  `block rounded-md px-3 py-2 font-medium ${isActive ? "bg-brand-700 text-white" : "bg-white text-stone-900 hover:bg-stone-100"}`
                }
              >
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1">
        <Routes>
          <Route index element={<AdminDashboard />} />
          <Route path="products" element={<AdminProductList />} />
          <Route path="products/new" element={<NewProduct />} />
          <Route path="products/:id" element={<EditProduct />} />
          <Route path="categories" element={<AdminCategories />} />
          <Route path="fx-rates" element={<AdminFxRates />} />
          <Route path="orders" element={<AdminOrderList />} />
          <Route path="orders/:id" element={<AdminOrderDetail />} />
          <Route path="support" element={<AdminSupportList />} />
          <Route path="support/:id" element={<AdminSupportDetail />} />
          <Route path="transactions" element={<AdminTransactionList />} />
          <Route path="wallets" element={<AdminWalletTopUp />} />
          <Route path="emails" element={<AdminEmailList />} />
          <Route path="emails/:id" element={<AdminEmailDetail />} />
          <Route path="jobs" element={<AdminFailedJobList />} />
          <Route path="marketplaces" element={<AdminMarketplaceList />} />
          <Route path="marketplaces/new" element={<NewMarketplace />} />
          <Route path="marketplaces/:code" element={<EditMarketplace />} />
          <Route
            path="*"
            element={
              <div role="alert">
                <h1 className="text-xl font-semibold">No such admin page</h1>
              </div>
            }
          />
        </Routes>
      </div>
    </div>
  );
}
