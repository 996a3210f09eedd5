import {
  type AdminMarketplaceResponse,
  AdminMarketplaceResponse as Schema,
  UpdateMarketplaceBody,
} from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { EditMarketplace, NewMarketplace } from "@/features/admin/components/marketplace-editor";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

const EBAY: AdminMarketplaceResponse = {
  code: "ebay-us",
  name: "eBay US",
  kind: "ebay",
  description: "",
  logo_url: null,
  website_url: null,
  rating: 4.2,
  currency: "USD",
  ships_to: "warehouse",
  active: true,
  api_base_url: "https://api.ebay.example",
  adapter_config: { marketplace_id: "EBAY_US" },
  time_budget_ms: 1500,
  rate_limit_per_min: null,
  has_credentials: true,
  credential_names: ["client_id", "client_secret"],
  created_at: "2026-11-23T10:00:00.000Z",
  updated_at: "2026-11-23T10:00:00.000Z",
};

function errorOf(label: string): string {
  const input = screen.getByLabelText(label);
  expect(input).toHaveAttribute("aria-invalid", "true");
  const [errorId] = (input.getAttribute("aria-describedby") ?? "").split(" ");
  return document.getElementById(errorId ?? "")?.textContent ?? "";
}

function renderEdit() {
  server.use(http.get("/api/admin/marketplaces/ebay-us", () => json(Schema, EBAY)));
  return renderWithProviders(<EditMarketplace />, {
    route: "/admin/marketplaces/ebay-us",
    path: "/admin/marketplaces/:code",
  });
}

describe("NewMarketplace", () => {
  it("applies CreateMarketplaceBody's rules and the JSON config's on the client, sending nothing", async () => {
    let requests = 0;
    server.use(
      http.post("/api/admin/marketplaces", () => {
        requests += 1;
        return HttpResponse.error();
      }),
    );
    const { user } = renderWithProviders(<NewMarketplace />);
    await user.type(screen.getByLabelText("Code"), "Not A Code");
    await user.clear(screen.getByLabelText("Adapter config (JSON)"));
    await user.type(screen.getByLabelText("Adapter config (JSON)"), "[[1, 2]");
    await user.type(screen.getByLabelText("New credential 1: value"), "a-key");
    await user.clear(screen.getByLabelText("New credential 1: name"));
    await user.click(screen.getByRole("button", { name: "Create marketplace" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the marked fields.");
    expect(errorOf("Code")).toBe("must be a lowercase marketplace code");
    expect(errorOf("Name")).toBe("Required");
    expect(errorOf("Currency")).toBe("must be an ISO 4217 code such as KES or USD");
    expect(errorOf("Adapter config (JSON)")).toMatch(/^Enter a JSON object/);
    expect(errorOf("New credential 1: name")).toBe("Name this credential");
    expect(requests).toBe(0);
  });
});

describe("EditMarketplace", () => {
  it("never pre-fills the saved credentials and leaves them out of a PATCH when untouched", async () => {
    let sent: unknown;
    server.use(
      http.patch("/api/admin/marketplaces/ebay-us", async ({ request }) => {
        sent = await bodyOf(request, UpdateMarketplaceBody);
        return json(Schema, { ...EBAY, time_budget_ms: 900 });
      }),
    );
    const { user } = renderEdit();
    const saved = await screen.findByLabelText("client_secret (saved)");
    expect(saved).toHaveValue("");
    expect(saved).toHaveAttribute("type", "password");
    await user.clear(screen.getByLabelText("Time budget (ms)"));
    await user.type(screen.getByLabelText("Time budget (ms)"), "900");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Saved eBay US.")).toBeInTheDocument();
    expect(sent).toMatchObject({ time_budget_ms: 900, adapter_config: { marketplace_id: "EBAY_US" } });
    expect(sent).not.toHaveProperty("credentials");
  });

  it("sends only what changed in the credentials and shows the API's error beside the credential", async () => {
    let sent: unknown;
    server.use(
      http.patch("/api/admin/marketplaces/ebay-us", async ({ request }) => {
        sent = await bodyOf(request, UpdateMarketplaceBody);
        return problem(400, "VALIDATION_FAILED", "The body is invalid", [
          { path: "body.credentials.client_secret", message: "is not accepted by eBay" },
        ]);
      }),
    );
    const { user } = renderEdit();
    await user.type(await screen.findByLabelText("client_secret (saved)"), "new-secret");
    await user.click(screen.getByLabelText("Remove client_id"));
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the marked fields.");
    expect(sent).toMatchObject({ credentials: { client_secret: "new-secret", client_id: null } });
    expect(errorOf("client_secret (saved)")).toBe("is not accepted by eBay");
  });
});
