import { type CartItemResponse, CartQuoteResponse, CheckoutBody, type QuoteLineChange } from "@sokoni/contracts";
import { screen, within } from "@testing-library/react";
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { Component as CheckoutPage } from "@/app/routes/checkout";
import { PlacedOrder } from "@/features/checkout/api/place-checkout";
import { formatMoney } from "@/lib/format";
import { makeCart, makeCartItem, makeMarketplaceRef, makeOrder, makePayment } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

const SOKONI = makeMarketplaceRef("sokoni", "Sokoni");
const JUMIA = makeMarketplaceRef("jumia-ke", "Jumia Kenya");
// As Testing Library reads text: the formatter's no-break space becomes a plain one.
const kes = (amount: string) => formatMoney(amount, "KES").replace(/\s+/g, " ");
/** The accept checkbox's accessible name (which keeps the no-break space), compared as read. */
const acceptName = (amount: string) => (name: string) =>
  name.replace(/\s+/g, " ") === `I accept the new total of ${kes(amount)}`;

function quoteOf(
  items: CartItemResponse[],
  changes: Omit<QuoteLineChange, "item_id" | "product_id" | "name">[] = [],
  unchecked: CartItemResponse[] = [],
): CartQuoteResponse {
  const changed = items.filter((i) => i.marketplace.code !== "sokoni");
  return CartQuoteResponse.parse({
    ...makeCart(items),
    changes: changes.map((c, n) => {
      const line = changed[n] as CartItemResponse;
      return { ...c, item_id: line.id, product_id: line.product_id, name: line.name };
    }),
    unchecked: unchecked.map((i) => ({
      item_id: i.id,
      product_id: i.product_id,
      name: i.name,
      marketplace: i.marketplace,
      reason: "Jumia Kenya did not answer within 600 ms",
    })),
    quoted_at: "2026-01-15T10:00:00.000Z",
  });
}

/** POST /api/cart/quote answers the quotes in turn (the last one again when they run out). */
function serveQuotes(...quotes: CartQuoteResponse[]) {
  let calls = 0;
  server.use(
    http.post("/api/cart/quote", () => {
      const q = quotes[Math.min(calls, quotes.length - 1)] as CartQuoteResponse;
      calls++;
      return json(CartQuoteResponse, q);
    }),
  );
  return { calls: () => calls };
}

/** POST /api/checkout: records each body and answers with `answer` (a placed order by default). */
function serveCheckout(answer?: () => Response) {
  const bodies: CheckoutBody[] = [];
  server.use(
    http.post("/api/checkout", async ({ request }) => {
      bodies.push(await bodyOf(request, CheckoutBody));
      if (answer) return answer();
      const order = makeOrder({ total: "22400.00" });
      return json(PlacedOrder, {
        order,
        payment: makePayment(order.id, { provider: "mock", status: "pending" }),
        order_access_key: null,
      });
    }),
  );
  return bodies;
}

function renderCheckout() {
  return renderWithProviders(<CheckoutPage />, {
    route: "/checkout",
    path: "/checkout",
    routes: [{ path: "/orders/:id/confirmation", element: <h1>Confirmation page</h1> }],
  });
}

async function fillGuestForm(user: ReturnType<typeof renderCheckout>["user"]) {
  await user.type(screen.getByLabelText("Email"), "amina@example.co.ke");
  await user.type(screen.getByLabelText("Full name"), "Amina Wanjiru");
  await user.type(screen.getByLabelText("Phone number"), "0712345678");
  await user.type(screen.getByLabelText("Address"), "Moi Avenue 12");
  await user.type(screen.getByLabelText("Town or city"), "Nairobi");
  await user.click(screen.getByLabelText(/Test payment page/));
}

const lamp = () => makeCartItem(JUMIA, { name: "Solar lamp", unit_store_price: "11200.00", quantity: 2 });

describe("checkout re-checks prices", () => {
  it("shows a changed price beside its line and places only after the shopper accepts the new total, sending it as expected_total", async () => {
    const item = lamp();
    const quote = quoteOf([item], [{ previous_unit_price: "10500.00", unit_price: "11200.00", change: "price_up" }]);
    const quotes = serveQuotes(quote);
    const bodies = serveCheckout();
    const { user, router } = renderCheckout();

    const line = (await screen.findAllByTestId("summary-line"))[0] as HTMLElement;
    expect(line).toHaveTextContent(`was ${kes("10500.00")} — now ${kes("11200.00")} each`);
    expect(screen.getByRole("status")).toHaveTextContent(`Your total is now ${kes("22400.00")}`);
    expect(quotes.calls()).toBe(1);
    const accept = screen.getByRole("checkbox", { name: acceptName("22400.00") });
    expect(accept).not.toBeChecked();

    await fillGuestForm(user);
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/accept the new total before paying/);
    expect(bodies).toHaveLength(0);

    await user.click(accept);
    expect(accept).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    await screen.findByRole("heading", { name: "Confirmation page" });
    // Asked on load and again just before placing (then once more as the emptied cart is read again).
    expect(quotes.calls()).toBeGreaterThanOrEqual(2);
    expect(bodies).toEqual([expect.objectContaining({ expected_total: "22400.00", payment_method: "mock" })]);
    expect(router.state.location.pathname).toMatch(/^\/orders\/.+\/confirmation$/);
  });

  it("a cart whose prices held needs no confirmation; a line that could not be re-checked says so", async () => {
    const item = lamp();
    const house = makeCartItem(SOKONI, { name: "Kikoi", unit_store_price: "500.00" });
    serveQuotes(quoteOf([house, item], [], [item]));
    const bodies = serveCheckout();
    const { user } = renderCheckout();

    const lines = await screen.findAllByTestId("summary-line");
    expect(lines[1]).toHaveTextContent("Could not re-check with Jumia Kenya just now; priced as last seen.");
    expect(lines[0]).not.toHaveTextContent(/re-check|was/);
    expect(screen.queryByRole("checkbox", { name: /I accept/ })).not.toBeInTheDocument();
    await fillGuestForm(user);
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    await screen.findByRole("heading", { name: "Confirmation page" });
    expect(bodies).toEqual([expect.objectContaining({ expected_total: "22900.00" })]);
  });

  it("a price that changes just before placing, or a 409 PRICE_CHANGED, asks again for the new total", async () => {
    const item = lamp();
    const first = quoteOf([item]);
    const dearer = { ...item, unit_store_price: "11500.00", line_total: "23000.00" };
    const second = quoteOf([dearer], [{ previous_unit_price: "11200.00", unit_price: "11500.00", change: "price_up" }]);
    serveQuotes(first, second);
    let refuse = true;
    const bodies = serveCheckout(() => {
      if (!refuse) {
        const order = makeOrder({ total: "23000.00" });
        return json(PlacedOrder, {
          order,
          payment: makePayment(order.id, { provider: "mock", status: "pending" }),
          order_access_key: null,
        });
      }
      refuse = false;
      return problem(409, "PRICE_CHANGED", "The total is now KES 23000.00, not the KES 22400.00 shown", [
        { path: "expected_total", message: "the total is now KES 23000.00" },
      ]);
    });
    const { user } = renderCheckout();

    await screen.findAllByTestId("summary-line");
    expect(screen.queryByRole("checkbox", { name: /I accept/ })).not.toBeInTheDocument();
    await fillGuestForm(user);
    // The re-check before placing finds a new price: nothing is sent, the line and the total say so.
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Prices changed again/);
    expect(bodies).toHaveLength(0);
    const line = screen.getAllByTestId("summary-line")[0] as HTMLElement;
    expect(line).toHaveTextContent(`was ${kes("11200.00")} — now ${kes("11500.00")} each`);
    const summary = screen.getByRole("complementary", { name: "Order summary" });
    expect(within(summary).getByText("Total").parentElement).toHaveTextContent(kes("23000.00"));

    await user.click(screen.getByRole("checkbox", { name: acceptName("23000.00") }));
    // The API still refuses (its own re-check): the page asks for a confirmation again.
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The total is now KES 23000.00");
    const accept = await screen.findByRole("checkbox", { name: acceptName("23000.00") });
    expect(accept).not.toBeChecked();
    await user.click(accept);
    await user.click(screen.getByRole("button", { name: "Place order and pay" }));
    await screen.findByRole("heading", { name: "Confirmation page" });
    expect(bodies.map((b) => b.expected_total)).toEqual(["23000.00", "23000.00"]);
  });
});
