import { CategoryListResponse, MarketplaceListResponse } from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { ProductFiltersForm } from "@/features/catalog/components/product-filters";
import { makeCategory, makeMarketplace } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { json, server } from "@/testing/server";

const home = makeCategory({ name: "Home", slug: "home" });
const baskets = makeCategory({
  name: "Baskets",
  slug: "baskets",
  parent_id: home.id,
  depth: 1,
  path: ["home", "baskets"],
});
const marketplaces = [
  makeMarketplace({ code: "sokoni", name: "Sokoni" }),
  makeMarketplace({ code: "jumia", name: "Jumia" }),
];

beforeEach(() => {
  server.use(
    http.get("/api/categories", () => json(CategoryListResponse, { items: [home, baskets], total: 2 })),
    http.get("/api/marketplaces", () => json(MarketplaceListResponse, { items: marketplaces, total: 2 })),
  );
});

function renderFilters(route: string) {
  return renderWithProviders(<ProductFiltersForm />, { route });
}

/** The query the form navigated to, as sorted pairs (order is not part of the contract). */
function params(search: string): [string, string][] {
  return [...new URLSearchParams(search)].sort(([a], [b]) => a.localeCompare(b));
}

describe("ProductFiltersForm", () => {
  it("puts the chosen filters in the URL, keeps the search words and starts again at page 1", async () => {
    const { user, router } = renderFilters("/search?q=kiondo&page=3");
    await screen.findByRole("option", { name: "Jumia" });

    await user.selectOptions(screen.getByLabelText("Category"), "baskets");
    await user.selectOptions(screen.getByLabelText("Store"), "jumia");
    await user.type(screen.getByLabelText("Min"), "500");
    await user.type(screen.getByLabelText("Max"), "2500.50");
    await user.click(screen.getByLabelText("In stock only"));
    await user.selectOptions(screen.getByLabelText("Sort by"), "Price: low to high");
    await user.click(screen.getByRole("button", { name: "Apply filters" }));

    expect(router.state.location.pathname).toBe("/search");
    expect(params(router.state.location.search)).toEqual([
      ["category", "baskets"],
      ["in_stock", "true"],
      ["marketplace", "jumia"],
      ["max_price", "2500.50"],
      ["min_price", "500"],
      ["q", "kiondo"],
      ["sort", "price_asc"],
    ]);
  });

  it("lists the API's categories in tree order, children indented, and its stores", async () => {
    renderFilters("/search");
    await screen.findByRole("option", { name: "Jumia" });

    const categories = screen.getByLabelText("Category") as HTMLSelectElement;
    expect([...categories.options].map((o) => [o.value, o.textContent])).toEqual([
      ["", "All categories"],
      ["home", "Home"],
      ["baskets", "\u00a0\u00a0Baskets"],
    ]);
    const stores = screen.getByLabelText("Store") as HTMLSelectElement;
    expect([...stores.options].map((o) => o.value)).toEqual(["", "sokoni", "jumia"]);
  });

  it("shows the filters of the URL it opens on once the lists arrive, and ignores a malformed price", async () => {
    renderFilters("/search?category=baskets&marketplace=jumia&in_stock=true&sort=newest&min_price=abc&max_price=900");
    await screen.findByRole("option", { name: "Jumia" });
    await screen.findByRole("option", { name: "Baskets" });

    expect(screen.getByLabelText("Category")).toHaveValue("baskets");
    expect(screen.getByLabelText("Store")).toHaveValue("jumia");
    expect(screen.getByLabelText("In stock only")).toBeChecked();
    expect(screen.getByLabelText("Sort by")).toHaveValue("newest");
    expect(screen.getByLabelText("Min")).toHaveValue("");
    expect(screen.getByLabelText("Max")).toHaveValue("900");
  });

  it("removes a filter from the URL when it is cleared", async () => {
    const { user, router } = renderFilters("/search?q=lamp&marketplace=jumia&in_stock=true");
    await screen.findByRole("option", { name: "Jumia" });
    expect(screen.getByLabelText("Store")).toHaveValue("jumia");

    await user.selectOptions(screen.getByLabelText("Store"), "All stores");
    await user.click(screen.getByLabelText("In stock only"));
    await user.click(screen.getByRole("button", { name: "Apply filters" }));

    expect(params(router.state.location.search)).toEqual([["q", "lamp"]]);
  });
});
