import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Pagination } from "@/components/ui/pagination";
import { renderWithProviders } from "@/testing/render";

describe("Pagination", () => {
  it("shows nothing when everything fits on one page", () => {
    renderWithProviders(<Pagination page={1} pageSize={24} total={24} />, { route: "/search?q=kiondo" });
    expect(screen.queryByRole("navigation", { name: "Pagination" })).not.toBeInTheDocument();
  });

  it("offers only Next on the first page and keeps the other query parameters", () => {
    renderWithProviders(<Pagination page={1} pageSize={24} total={50} />, { route: "/search?q=kiondo&sort=newest" });
    const nav = screen.getByRole("navigation", { name: "Pagination" });
    expect(nav).toHaveTextContent("Page 1 of 3");
    expect(screen.queryByRole("link", { name: "Previous" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Next" })).toHaveAttribute("href", "/search?q=kiondo&sort=newest&page=2");
  });

  it("drops ?page= when going back to the first page", () => {
    renderWithProviders(<Pagination page={2} pageSize={24} total={50} />, { route: "/search?page=2&q=kiondo" });
    expect(screen.getByRole("link", { name: "Previous" })).toHaveAttribute("href", "/search?q=kiondo");
    expect(screen.getByRole("link", { name: "Next" })).toHaveAttribute("href", "/search?page=3&q=kiondo");
  });

  it("offers only Previous on the last page", () => {
    renderWithProviders(<Pagination page={3} pageSize={24} total={50} />, { route: "/search?page=3" });
    expect(screen.getByRole("navigation", { name: "Pagination" })).toHaveTextContent("Page 3 of 3");
    expect(screen.queryByRole("link", { name: "Next" })).not.toBeInTheDocument();
  });

  it("moves to the next page when Next is followed", async () => {
    const { user, router } = renderWithProviders(<Pagination page={1} pageSize={10} total={25} />, {
      route: "/orders",
    });
    await user.click(screen.getByRole("link", { name: "Next" }));
    expect(router.state.location.search).toBe("?page=2");
  });
});
