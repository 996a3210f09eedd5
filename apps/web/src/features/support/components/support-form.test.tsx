import { SupportMessageBody, SupportMessageCreatedResponse } from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { Component as SupportPage } from "@/app/routes/support";
import { setSignedIn } from "@/lib/auth-session";
import { makeAuth, uuid } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

const VALID = {
  "Your name": "Amina Wanjiru",
  Email: "amina@example.co.ke",
  Subject: "Parcel not here yet",
  Message: "My order has not arrived after ten days.",
};

function renderSupport() {
  return renderWithProviders(<SupportPage />, { route: "/support", path: "/support" });
}

async function fill(user: ReturnType<typeof renderSupport>["user"], values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    if (value) await user.type(screen.getByLabelText(label), value);
  }
  await user.click(screen.getByRole("button", { name: "Send message" }));
}

function errorOf(label: string): string {
  const input = screen.getByLabelText(label);
  expect(input).toHaveAttribute("aria-invalid", "true");
  const [errorId] = (input.getAttribute("aria-describedby") ?? "").split(" ");
  return document.getElementById(errorId ?? "")?.textContent ?? "";
}

const created = (reference: string) =>
  json(
    SupportMessageCreatedResponse,
    { id: uuid(), reference, status: "open", created_at: "2026-11-23T10:00:00.000Z" },
    { status: 201 },
  );

describe("SupportForm", () => {
  it("applies SupportMessageBody's rules on the client and sends nothing", async () => {
    let requests = 0;
    server.use(
      http.post("/api/support", () => {
        requests += 1;
        return HttpResponse.error();
      }),
    );
    const { user } = renderSupport();
    await fill(user, { Email: "amina@", Subject: "x", Message: "short" });

    expect(screen.getByRole("alert")).toHaveTextContent("Please correct the marked fields.");
    expect(errorOf("Your name")).toBe("Required");
    expect(errorOf("Email")).toBe("Enter a valid email address");
    expect(errorOf("Subject")).toBe("At least 3 characters");
    expect(errorOf("Message")).toBe("At least 10 characters");
    expect(screen.getByLabelText("Order number (optional)")).not.toHaveAttribute("aria-invalid");
    expect(requests).toBe(0);
  });

  it("shows the API's field error beside the order number", async () => {
    server.use(
      http.post("/api/support", () =>
        problem(400, "SUPPORT_ORDER_NOT_FOUND", "The order number names no order of yours", [
          { path: "body.order_number", message: "We found no order with this number for your email address" },
        ]),
      ),
    );
    const { user } = renderSupport();
    await fill(user, { ...VALID, "Order number (optional)": "SK-100001" });

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the marked fields.");
    expect(errorOf("Order number (optional)")).toBe("We found no order with this number for your email address");
    expect(screen.getByLabelText("Message")).not.toHaveAttribute("aria-invalid");
  });

  it("shows the API's words when a refusal names no field (too many messages)", async () => {
    server.use(
      http.post("/api/support", () =>
        problem(429, "RATE_LIMITED", "Too many messages from this address; retry in 1 hour"),
      ),
    );
    const { user } = renderSupport();
    await fill(user, VALID);
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many messages from this address; retry in 1 hour");
  });

  it("sends the contract's body (no order number when left empty) and shows the reference to quote", async () => {
    let sent: SupportMessageBody | undefined;
    server.use(
      http.post("/api/support", async ({ request }) => {
        sent = await bodyOf(request, SupportMessageBody);
        return created("SUP-1042");
      }),
    );
    const { user } = renderSupport();
    await fill(user, VALID);

    const heading = await screen.findByRole("heading", { name: "Thank you — your message is with our team" });
    expect(heading).toHaveFocus();
    expect(screen.getByTestId("support-reference")).toHaveTextContent("SUP-1042");
    expect(screen.getByText(/We sent an acknowledgement to amina@example.co.ke/)).toBeInTheDocument();
    expect(sent).toEqual({
      name: "Amina Wanjiru",
      email: "amina@example.co.ke",
      subject: "Parcel not here yet",
      message: "My order has not arrived after ten days.",
    });

    await user.click(screen.getByRole("button", { name: "Send another message" }));
    expect(screen.getByLabelText("Subject")).toHaveValue("");
  });

  it("fills in a signed-in shopper's name and email", () => {
    const auth = makeAuth({ first_name: "Amina", last_name: "Otieno", email: "amina.o@example.co.ke" });
    setSignedIn(auth.user, auth.access_token);
    renderSupport();
    expect(screen.getByLabelText("Your name")).toHaveValue("Amina Otieno");
    expect(screen.getByLabelText("Email")).toHaveValue("amina.o@example.co.ke");
  });
});
