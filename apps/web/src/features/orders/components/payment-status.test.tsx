import { PayOrderBody } from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { PaymentStatus } from "@/features/orders/components/payment-status";
import { formatMoney } from "@/lib/format";
import { makeOrder, makePayment } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, problem, server } from "@/testing/server";

// As Testing Library reads text: the formatter's no-break space becomes a plain one.
const kes = (amount: string) => formatMoney(amount, "KES").replace(/\s+/g, " ");

describe("PaymentStatus", () => {
  it("asks the shopper to check their phone while an M-Pesa prompt is pending", () => {
    const order = makeOrder({
      payments: (id) => [makePayment(id, { provider: "mpesa", status: "pending", phone_number: "+254712345678" })],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "Check your phone" })).toBeInTheDocument();
    expect(screen.getByText(/Enter your M-Pesa PIN on/)).toHaveTextContent(
      `Enter your M-Pesa PIN on +254712345678 to pay ${kes("2500.00")} for order SK-100042.`,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Waiting for M-Pesa…");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("follows the latest attempt: a new prompt after a failed one is waited for, not reported as failed", () => {
    const order = makeOrder({
      payments: (id) => [
        makePayment(id, { provider: "mpesa", status: "failed", failure_reason: "Request cancelled by user" }),
        makePayment(id, { provider: "mpesa", status: "pending", phone_number: "+254700000001" }),
      ],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "Check your phone" })).toBeInTheDocument();
    expect(screen.queryByText(/did not go through/)).not.toBeInTheDocument();
  });

  it("explains a failed payment with the gateway's reason and offers the prompt again", () => {
    const order = makeOrder({
      payments: (id) => [
        makePayment(id, {
          provider: "mpesa",
          status: "failed",
          phone_number: "+254712345678",
          failure_reason: "The M-Pesa prompt was cancelled on the phone",
        }),
      ],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "The payment did not go through" })).toBeInTheDocument();
    expect(
      screen.getByText(
        "The M-Pesa prompt was cancelled on the phone. Your order SK-100042 is kept until it expires: you can try again.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("M-Pesa phone number")).toHaveValue("+254712345678");
    expect(screen.getByRole("button", { name: "Send the M-Pesa prompt again" })).toBeEnabled();
  });

  it("says the shopper left the payment page, and offers to pay again on the same gateway", () => {
    const order = makeOrder({
      payment_method: "mock",
      payments: (id) => [makePayment(id, { provider: "mock", status: "cancelled" })],
    });
    renderWithProviders(<PaymentStatus order={order} cancelledOnPage />);

    expect(screen.getByText(/^You left the payment page before paying\./)).toBeInTheDocument();
    expect(screen.queryByLabelText("M-Pesa phone number")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Pay again" })).toBeInTheDocument();
  });

  it("checks the phone number with the contract before prompting again", async () => {
    let requests = 0;
    server.use(
      http.post("/api/orders/:id/payments", () => {
        requests += 1;
        return problem(500, "INTERNAL", "unexpected");
      }),
    );
    const order = makeOrder({
      payments: (id) => [makePayment(id, { provider: "mpesa", status: "failed", phone_number: "+254712345678" })],
    });
    const { user } = renderWithProviders(<PaymentStatus order={order} />);
    const phone = screen.getByLabelText("M-Pesa phone number");
    await user.clear(phone);
    await user.type(phone, "0712");
    await user.click(screen.getByRole("button", { name: "Send the M-Pesa prompt again" }));

    expect(phone).toHaveAttribute("aria-invalid", "true");
    expect(phone).toHaveAccessibleDescription(/At least 9 characters/);
    expect(requests).toBe(0);
  });

  it("shows the API's refusal of the number beside the phone field", async () => {
    let sent: unknown;
    server.use(
      http.post("/api/orders/:id/payments", async ({ request }) => {
        sent = await bodyOf(request, PayOrderBody);
        return problem(400, "INVALID_PHONE_NUMBER", "The phone number is not valid", [
          { path: "body.phone_number", message: "is not a valid phone number (e.g. 0712345678 or +254712345678)" },
        ]);
      }),
    );
    const order = makeOrder({
      payments: (id) => [makePayment(id, { provider: "mpesa", status: "failed", phone_number: "+254712345678" })],
    });
    const { user } = renderWithProviders(<PaymentStatus order={order} />);
    const phone = screen.getByLabelText("M-Pesa phone number");
    await user.clear(phone);
    await user.type(phone, "0999 999 999");
    await user.click(screen.getByRole("button", { name: "Send the M-Pesa prompt again" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The phone number is not valid");
    expect(phone).toHaveAccessibleDescription(/is not a valid phone number/);
    expect(sent).toEqual({ payment_method: "mpesa", phone_number: "0999 999 999" });
  });

  it("links to the gateway's page while a hosted payment is pending", () => {
    const order = makeOrder({
      payment_method: "stripe",
      payments: (id) => [
        makePayment(id, { provider: "stripe", status: "pending", redirect_url: "https://pay.example/session/1" }),
      ],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "Waiting for your payment…" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the payment page" })).toHaveAttribute(
      "href",
      "https://pay.example/session/1",
    );
  });

  it("thanks the shopper once the order is paid, with the receipt", () => {
    const order = makeOrder({
      status: "paid",
      paid_at: "2026-01-15T09:31:00.000Z",
      payments: (id) => [makePayment(id, { provider: "mpesa", status: "succeeded", receipt: "SJK4H2L9QX" })],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "Thank you — your order is paid" })).toBeInTheDocument();
    expect(screen.getByText(/Order SK-100042\./)).toHaveTextContent(
      "Order SK-100042. A confirmation is on its way to amina@example.co.ke. Receipt SJK4H2L9QX.",
    );
    expect(screen.queryByText("Check your phone")).not.toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("gives a cancelled order's reason and no way to pay", () => {
    const order = makeOrder({
      status: "cancelled",
      cancelled_at: "2026-01-15T10:30:00.000Z",
      cancel_reason: "Not paid in time",
      payments: (id) => [makePayment(id, { provider: "mpesa", status: "failed" })],
    });
    renderWithProviders(<PaymentStatus order={order} />);

    expect(screen.getByRole("heading", { name: "Order SK-100042: cancelled" })).toBeInTheDocument();
    expect(screen.getByText("Not paid in time")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
