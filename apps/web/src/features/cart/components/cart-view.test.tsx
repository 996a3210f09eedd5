import { type CartItemResponse, CartResponse, UpdateCartItemBody } from "@sokoni/contracts";
import { screen, waitFor, within } from "@testing-library/react";
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { Component as CartPage } from "@/app/routes/cart";
import { formatMoney } from "@/lib/format";
import { makeCart, makeCartItem, makeMarketplaceRef } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

const SOKONI = makeMarketplaceRef("sokoni", "Sokoni");
const JUMIA = makeMarketplaceRef("jumia", "Jumia");
// As Testing Library reads text: the formatter's no-break space becomes a plain one.
const kes = (amount: string) => formatMoney(amount, "KES").replace(/\s+/g, " ");

/** GET /api/cart answers whatever the cart is now; a test changes it through PATCH. */
function serveCart(items: CartItemResponse[]) {
  let cart = makeCart(items);
  server.use(http.get("/api/cart", () => json(CartResponse, cart)));
  return {
    set(next: CartItemResponse[]) {
      cart = makeCart(next);
      return cart;
    },
  };
}

/** The cart page: CartView inside its loading, empty and error states. */
function renderCart() {
  return renderWithProviders(<CartPage />, { route: "/cart" });
}

describe("CartView", () => {
  it("groups the lines by marketplace under one total", async () => {
    serveCart([
      makeCartItem(SOKONI, { name: "Kiondo basket", unit_store_price: "1500.00", quantity: 2 }),
      makeCartItem(JUMIA, { name: "Solar lamp", unit_store_price: "800.00" }),
      makeCartItem(SOKONI, { name: "Kikoi", unit_store_price: "500.00" }),
    ]);
    renderCart();

    const sokoni = await screen.findByRole("region", { name: /^Sokoni/ });
    const jumia = screen.getByRole("region", { name: /^Jumia/ });
    expect(
      within(sokoni)
        .getAllByRole("listitem")
        .map((li) => within(li).getByRole("link").textContent),
    ).toEqual(["Kiondo basket", "Kikoi"]);
    expect(within(jumia).getAllByRole("listitem")).toHaveLength(1);
    expect(within(jumia).getByRole("link", { name: "Solar lamp" })).toHaveAttribute(
      "href",
      expect.stringMatching(/^\/products\//),
    );
    expect(sokoni).toHaveTextContent(`Subtotal ${kes("3500.00")}`);
    expect(jumia).toHaveTextContent(`Subtotal ${kes("800.00")}`);
    expect(screen.getAllByTestId("cart-total")).toHaveLength(1);
    expect(screen.getByTestId("cart-total")).toHaveTextContent(kes("4300.00"));
    expect(screen.getByText("Total (4 items)")).toBeInTheDocument();
  });

  it("changes a quantity with PATCH and shows the new total", async () => {
    const basket = makeCartItem(SOKONI, { name: "Kiondo basket", unit_store_price: "1500.00" });
    const lamp = makeCartItem(JUMIA, { name: "Solar lamp", unit_store_price: "800.00" });
    const cart = serveCart([basket, lamp]);
    const patches: { id: string | readonly string[] | undefined; body: UpdateCartItemBody }[] = [];
    server.use(
      http.patch("/api/cart/items/:id", async ({ params, request }) => {
        const body = await bodyOf(request, UpdateCartItemBody);
        patches.push({ id: params.id, body });
        return json(
          CartResponse,
          cart.set([{ ...basket, quantity: body.quantity, line_total: (1500 * body.quantity).toFixed(2) }, lamp]),
        );
      }),
    );
    const { user } = renderCart();
    expect(await screen.findByTestId("cart-total")).toHaveTextContent(kes("2300.00"));

    await user.selectOptions(screen.getByRole("combobox", { name: "Quantity of Kiondo basket" }), "3");

    await waitFor(() => expect(screen.getByTestId("cart-total")).toHaveTextContent(kes("5300.00")));
    expect(patches).toEqual([{ id: basket.id, body: { quantity: 3 } }]);
    expect(screen.getByRole("combobox", { name: "Quantity of Kiondo basket" })).toHaveValue("3");
    expect(screen.getByRole("region", { name: /^Sokoni/ })).toHaveTextContent(`Subtotal ${kes("4500.00")}`);
  });

  it("shows the API's refusal of a quantity beside the line", async () => {
    const basket = makeCartItem(SOKONI, { name: "Kiondo basket", unit_store_price: "1500.00", stock: 5 });
    serveCart([basket]);
    server.use(
      http.patch("/api/cart/items/:id", () => problem(422, "INSUFFICIENT_STOCK", "Only 2 left of Kiondo basket")),
    );
    const { user } = renderCart();
    await user.selectOptions(await screen.findByRole("combobox", { name: "Quantity of Kiondo basket" }), "4");

    const line = screen.getByRole("listitem");
    expect(await within(line).findByRole("alert")).toHaveTextContent("Only 2 left of Kiondo basket");
    expect(screen.getByTestId("cart-total")).toHaveTextContent(kes("1500.00"));
  });

  it("flags an unavailable line and leaves it out of the total", async () => {
    serveCart([
      makeCartItem(SOKONI, { name: "Kiondo basket", unit_store_price: "1500.00" }),
      makeCartItem(SOKONI, {
        name: "Maasai shuka",
        unit_store_price: "900.00",
        stock: 0,
        available: false,
        unavailable_reason: "out_of_stock",
      }),
    ]);
    renderCart();

    const shuka = (await screen.findByRole("link", { name: "Maasai shuka" })).closest("li");
    const basket = screen.getByRole("link", { name: "Kiondo basket" }).closest("li");
    if (!shuka || !basket) throw new Error("cart lines are list items");
    expect(within(shuka).getByText("Out of stock")).toBeInTheDocument();
    expect(within(basket).queryByText("Out of stock")).not.toBeInTheDocument();
    expect(screen.getByTestId("cart-total")).toHaveTextContent(kes("1500.00"));
  });

  it("says the cart is empty and points to the shop", async () => {
    serveCart([]);
    renderCart();

    expect(await screen.findByText("Your cart is empty")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start shopping" })).toHaveAttribute("href", "/search");
    expect(screen.queryByTestId("cart-total")).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Checkout" })).not.toBeInTheDocument();
  });

  it("offers a retry when the cart cannot be loaded", async () => {
    let calls = 0;
    server.use(
      http.get("/api/cart", () => {
        calls += 1;
        return calls === 1
          ? problem(503, "SERVICE_UNAVAILABLE", "The cart is resting")
          : json(CartResponse, makeCart([makeCartItem(SOKONI, { name: "Kikoi", unit_store_price: "500.00" })]));
      }),
    );
    const { user } = renderCart();

    expect(await screen.findByRole("alert")).toHaveTextContent("The cart is resting");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "Kikoi" })).toBeInTheDocument();
  });
});
