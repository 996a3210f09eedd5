import type { UserResponse } from "@sokoni/contracts";
import { NavLink } from "react-router";

const SECTIONS = [
  { to: "/account", label: "Details", end: true },
  { to: "/account/addresses", label: "Addresses", end: false },
  { to: "/account/wallet", label: "Wallet", end: false },
  { to: "/orders", label: "Orders", end: false },
];

/** The account's sections: a row on phones, a column beside the page from md up. */
export function AccountNav({ user }: { user: UserResponse }) {
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username;
  return (
    <nav aria-label="Your account" className="md:w-48 md:shrink-0">
      <p className="mb-2 truncate text-sm text-stone-700">
        Signed in as <span className="font-medium text-stone-900">{name}</span>
      </p>
      <ul className="flex flex-wrap gap-2 md:flex-col">
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink
              to={s.to}
              end={s.end}
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
  );
}
