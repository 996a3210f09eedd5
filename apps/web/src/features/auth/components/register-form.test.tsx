import { AuthResponse, RegisterBody } from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { Component as RegisterPage } from "@/app/routes/register";
import { makeAuth } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

const VALID = {
  Username: "amina_w",
  Email: "amina@example.co.ke",
  "Phone number": "0712345678",
  Password: "kiondo-2026",
};

function renderRegister() {
  return renderWithProviders(<RegisterPage />, {
    route: "/register?next=%2Forders",
    path: "/register",
    routes: [{ path: "/orders", element: <h1>Orders page</h1> }],
  });
}

async function fill(user: ReturnType<typeof renderRegister>["user"], values: Partial<typeof VALID>) {
  for (const [label, value] of Object.entries({ ...VALID, ...values })) {
    if (value) await user.type(screen.getByLabelText(label), value);
  }
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

function errorOf(label: string): string {
  const input = screen.getByLabelText(label);
  expect(input).toHaveAttribute("aria-invalid", "true");
  // The error is the first description; a hint may follow it.
  const [errorId] = (input.getAttribute("aria-describedby") ?? "").split(" ");
  return document.getElementById(errorId ?? "")?.textContent ?? "";
}

describe("RegisterForm", () => {
  it("applies RegisterBody's rules on the client and sends nothing", async () => {
    let requests = 0;
    server.use(
      http.post("/api/users", () => {
        requests += 1;
        return HttpResponse.error();
      }),
    );
    const { user } = renderRegister();
    await fill(user, { Username: "am", Email: "amina@", Password: "short" });

    expect(errorOf("Username")).toBe("At least 3 characters");
    expect(errorOf("Email")).toBe("Enter a valid email address");
    expect(errorOf("Password")).toBe("At least 8 characters");
    expect(screen.getByLabelText("Phone number")).not.toHaveAttribute("aria-invalid");
    expect(requests).toBe(0);
  });

  it("keeps the contract's own words for a username with forbidden characters", async () => {
    const { user } = renderRegister();
    await fill(user, { Username: "amina wanjiru" });
    expect(errorOf("Username")).toBe("may contain only letters, digits, '_', '.' and '-'");
  });

  it("shows the API's 409 for a taken email at the email field", async () => {
    server.use(
      http.post("/api/users", () =>
        problem(409, "EMAIL_TAKEN", "An account with these details already exists", [
          { path: "body.email", message: "is already registered" },
        ]),
      ),
    );
    const { user, router } = renderRegister();
    await fill(user, {});

    expect(await screen.findByRole("alert")).toHaveTextContent("Please correct the marked fields.");
    expect(errorOf("Email")).toBe("is already registered");
    expect(screen.getByLabelText("Username")).not.toHaveAttribute("aria-invalid");
    expect(router.state.location.pathname).toBe("/register");
  });

  it("maps every field of an API 400's errors[] to its field", async () => {
    server.use(
      http.post("/api/users", () =>
        problem(400, "VALIDATION_FAILED", "The request is not valid", [
          { path: "body.phone_number", message: "is not a valid phone number (e.g. 0712345678 or +254712345678)" },
          { path: "body.username", message: "is already taken" },
        ]),
      ),
    );
    const { user } = renderRegister();
    await fill(user, { "Phone number": "12" });

    await screen.findByRole("alert");
    expect(errorOf("Phone number")).toBe("is not a valid phone number (e.g. 0712345678 or +254712345678)");
    expect(errorOf("Username")).toBe("is already taken");
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
  });

  it("shows the API's words when a refusal names no field", async () => {
    server.use(http.post("/api/users", () => problem(429, "RATE_LIMITED", "Too many sign-ups; try again in a minute")));
    const { user } = renderRegister();
    await fill(user, {});
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many sign-ups; try again in a minute");
  });

  it("sends the contract's body and goes to ?next= once the account exists", async () => {
    let sent: RegisterBody | undefined;
    server.use(
      http.post("/api/users", async ({ request }) => {
        sent = await bodyOf(request, RegisterBody);
        return json(AuthResponse, makeAuth({ username: "amina_w" }), { status: 201 });
      }),
    );
    const { user, router } = renderRegister();
    await fill(user, {});

    expect(await screen.findByRole("heading", { name: "Orders page" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/orders");
    expect(sent).toEqual({
      username: "amina_w",
      email: "amina@example.co.ke",
      phone_number: "0712345678",
      password: "kiondo-2026",
    });
  });
});
