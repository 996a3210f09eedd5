import {
  AddCartItemBody,
  CartResponse,
  CategoryListResponse,
  MarketplaceListResponse,
  OfferResponse,
  type SearchItemResponse,
  type SourceStatusResponse,
} from "@sokoni/contracts";
import { screen, within } from "@testing-library/react";
import { http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { ProductFiltersForm } from "@/features/catalog/components/product-filters";
import { SearchItemCard, sourceStatusText } from "@/features/catalog/components/search-item-card";
import { makeCart, makeMarketplace, uuid } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, server } from "@/testing/server";

const STORES = {
  "ebay-us": { name: "eBay", route: "warehouse", days: [7, 14] },
  "amazon-us": { name: "Amazon", route: "warehouse", days: [7, 14] },
  "jumia-ke": { name: "Jumia Kenya", route: "domestic", days: [2, 5] },
} as const;

function makeOffer(code: keyof typeof STORES, storePrice: string, rating: number | null): OfferResponse {
  const store = STORES[code];
  return OfferResponse.parse({
    id: uuid(),
    name: `iPhone 13 128GB at ${store.name}`,
    description: "",
    price: storePrice,
    currency: "KES",
    store_price: storePrice,
    store_currency: "KES",
    stock: 0,
    image_url: null,
    images: [],
    category: null,
    marketplace: { code, name: store.name },
    external_id: "x",
    product_url: null,
    available: true,
    in_stock: true,
    rating,
    rating_count: rating === null ? 0 : 12,
    gtin: null,
    brand: "apple",
    relation_token: "gtin:1",
    status: "active",
    created_at: "2026-01-15T09:30:00.000Z",
    updated_at: "2026-01-15T09:30:00.000Z",
    delivery: { route: store.route, min_days: store.days[0], max_days: store.days[1] },
  });
}

function makeItem(offers: OfferResponse[], bestRatedId: string | null): SearchItemResponse {
  const prices = offers.map((o) => Number(o.store_price));
  return {
    key: "gtin:1",
    offers,
    cheapest_id: offers[0]?.id ?? "",
    best_rated_id: bestRatedId,
    min_store_price: Math.min(...prices).toFixed(2),
    max_store_price: Math.max(...prices).toFixed(2),
    spread: (Math.max(...prices) - Math.min(...prices)).toFixed(2),
    store_currency: "KES",
  };
}

const source = (code: string, name: string, status: SourceStatusResponse["status"]): SourceStatusResponse => ({
  code,
  name,
  status,
  latency_ms: 100,
  count: 1,
  dropped: 0,
  cached: false,
  error: null,
});

beforeEach(() => {
  server.use(
    http.get("/api/marketplaces", () =>
      json(MarketplaceListResponse, { items: [makeMarketplace({ code: "ebay-us", name: "eBay" })], total: 1 }),
    ),
    http.get("/api/categories", () => json(CategoryListResponse, { items: [], total: 0 })),
  );
});

describe("sourceStatusText", () => {
  it("says nothing when every store answered", () => {
    expect(sourceStatusText([source("ebay-us", "eBay", "ok"), source("jumia-ke", "Jumia", "ok")])).toBeNull();
    expect(sourceStatusText([])).toBeNull();
  });

  it("names the stores that were slow, failed or skipped, and what the results come from", () => {
    expect(sourceStatusText([source("ebay-us", "eBay", "timeout"), source("jumia-ke", "Jumia", "ok")])).toBe(
      "eBay did not answer in time — results from the other stores.",
    );
    expect(
      sourceStatusText([
        source("ebay-us", "eBay", "timeout"),
        source("amazon-us", "Amazon", "timeout"),
        source("walmart", "Walmart", "circuit_open"),
        source("jumia-ke", "Jumia", "error"),
      ]),
    ).toBe(
      "eBay and Amazon did not answer in time; Jumia could not be reached; Walmart was skipped after failing repeatedly — results from Sokoni's own shelves only.",
    );
  });
});

describe("SearchItemCard", () => {
  it("shows three offers side by side with the best rated among them, then all on +N more", async () => {
    const offers = [
      makeOffer("ebay-us", "90000.00", null),
      makeOffer("ebay-us", "91000.00", 3.1),
      makeOffer("amazon-us", "95000.00", 3.9),
      makeOffer("amazon-us", "97000.00", null),
      makeOffer("jumia-ke", "99000.00", 4.8),
    ];
    const { user } = renderWithProviders(
      <ul>
        <SearchItemCard item={makeItem(offers, offers[4]?.id ?? null)} />
      </ul>,
    );
    const list = screen.getByRole("list", { name: "Offers" });
    const cells = () => within(list).getAllByRole("listitem");
    expect(cells().map((c) => c.getAttribute("aria-label"))).toEqual(["eBay offer", "eBay offer", "Jumia Kenya offer"]);
    expect(cells()[0]).toHaveTextContent("Cheapest");
    expect(cells()[2]).toHaveTextContent("Best rated");
    expect(cells()[2]).toHaveTextContent("Delivery 2–5 days");
    expect(cells()[0]).toHaveTextContent("Delivery 7–14 days");
    expect(cells()[0]).toHaveTextContent("No ratings yet");
    expect(screen.getByRole("heading", { name: "iPhone 13 128GB at eBay" })).toBeInTheDocument();
    expect(screen.getByText(/3 stores · save up to/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "+2 more offers" }));
    expect(cells()).toHaveLength(5);
    expect(screen.getByRole("button", { name: "Show fewer offers" })).toHaveAttribute("aria-expanded", "true");
  });

  it("adds the chosen offer to the cart", async () => {
    const offers = [makeOffer("ebay-us", "90000.00", 4.1), makeOffer("jumia-ke", "99000.00", 4.8)];
    const sent: AddCartItemBody[] = [];
    server.use(
      http.post("/api/cart/items", async ({ request }) => {
        sent.push(await bodyOf(request, AddCartItemBody));
        return json(CartResponse, makeCart([]));
      }),
    );
    const { user } = renderWithProviders(
      <ul>
        <SearchItemCard item={makeItem(offers, offers[1]?.id ?? null)} />
      </ul>,
    );
    const jumia = screen.getByRole("listitem", { name: "Jumia Kenya offer" });
    await user.click(within(jumia).getByRole("button", { name: /^Add to cart\s*from Jumia Kenya$/ }));
    await within(jumia).findByText("Added.");
    expect(sent).toEqual([{ product_id: offers[1]?.id, quantity: 1 }]);
  });
});

describe("ProductFiltersForm everywhere", () => {
  it("offers the search's sorts and checks the price range with SearchQuery before leaving", async () => {
    const { user, router } = renderWithProviders(<ProductFiltersForm everywhere />, { route: "/search?q=iphone" });
    const sort = screen.getByLabelText("Sort by") as HTMLSelectElement;
    expect([...sort.options].map((o) => o.textContent)).toEqual([
      "Best match",
      "Price: low to high",
      "Price: high to low",
      "Top rated",
      "Fastest delivery",
    ]);
    await user.type(screen.getByLabelText("Min"), "5000");
    await user.type(screen.getByLabelText("Max"), "100");
    await user.click(screen.getByRole("button", { name: "Apply filters" }));
    expect(screen.getByLabelText("Max")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Max: must not be below min_price")).toBeInTheDocument();
    expect(router.state.location.search).toBe("?q=iphone");

    await user.clear(screen.getByLabelText("Max"));
    await user.type(screen.getByLabelText("Max"), "90000");
    await user.selectOptions(sort, "Fastest delivery");
    await user.click(screen.getByRole("button", { name: "Apply filters" }));
    expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({
      q: "iphone",
      min_price: "5000",
      max_price: "90000",
      sort: "delivery",
    });
  });

  it("shows the API's field error beside its field", () => {
    renderWithProviders(<ProductFiltersForm everywhere apiErrors={{ min_price: "must be a number" }} />, {
      route: "/search?q=iphone&min_price=1",
    });
    expect(screen.getByLabelText("Min")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Min: must be a number")).toBeInTheDocument();
  });
});
