import { AuthResponse, LoginBody } from "@sokoni/contracts";
import { screen } from "@testing-library/react";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { Component as LoginPage } from "@/app/routes/login";
import { getSession } from "@/lib/auth-session";
import { makeAuth } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import { bodyOf, json, problem, server } from "@/testing/server";

/** The sign-in page around LoginForm: it owns the navigation after a successful sign-in. */
function renderLogin(route = "/login") {
  return renderWithProviders(<LoginPage />, {
    route,
    path: "/login",
    routes: [
      { path: "/", element: <h1>Home page</h1> },
      { path: "/cart", element: <h1>Cart page</h1> },
    ],
  });
}

describe("LoginForm", () => {
  it("shows the contract's rule beside an empty field and sends nothing", async () => {
    let requests = 0;
    server.use(
      http.post("/api/auth/login", () => {
        requests += 1;
        return HttpResponse.error();
      }),
    );
    const { user } = renderLogin();
    await user.type(screen.getByLabelText("Email or username"), "amina");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const password = screen.getByLabelText("Password");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("Required");
    expect(screen.getByLabelText("Email or username")).not.toHaveAttribute("aria-invalid");
    expect(requests).toBe(0);
  });

  it("says the credentials are wrong when the API answers 401", async () => {
    server.use(
      http.post("/api/auth/login", () => problem(401, "INVALID_CREDENTIALS", "The login or password is wrong")),
    );
    const { user, router } = renderLogin();
    await user.type(screen.getByLabelText("Email or username"), "amina");
    await user.type(screen.getByLabelText("Password"), "wrong-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email/username or password.");
    expect(router.state.location.pathname).toBe("/login");
    expect(getSession().status).toBe("guest");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("signs in in cookie mode and goes to ?next=", async () => {
    const auth = makeAuth();
    let sent: { body: LoginBody; mode: string | null } | undefined;
    server.use(
      http.post("/api/auth/login", async ({ request }) => {
        sent = { body: await bodyOf(request, LoginBody), mode: request.headers.get("x-auth-mode") };
        return json(AuthResponse, auth);
      }),
    );
    const { user, router } = renderLogin("/login?next=%2Fcart");
    await user.type(screen.getByLabelText("Email or username"), "  amina ");
    await user.type(screen.getByLabelText("Password"), "demo12345");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Cart page" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/cart");
    expect(sent).toEqual({ body: { login: "amina", password: "demo12345" }, mode: "cookie" });
    expect(getSession()).toMatchObject({ status: "signed-in", user: { id: auth.user.id } });
  });

  it("never follows ?next= off the site", async () => {
    server.use(http.post("/api/auth/login", () => json(AuthResponse, makeAuth())));
    const { user, router } = renderLogin("/login?next=%2F%2Fevil.example");
    await user.type(screen.getByLabelText("Email or username"), "amina");
    await user.type(screen.getByLabelText("Password"), "demo12345");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Home page" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/");
  });
});
