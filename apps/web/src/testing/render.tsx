import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { createMemoryRouter, type RouteObject, RouterProvider } from "react-router";

type Options = {
  /** Where the memory router starts, e.g. "/login?next=/cart". */
  route?: string;
  /** The path `ui` is mounted at; any path by default. */
  path?: string;
  /** Other routes to navigate to (a stand-in page that shows the navigation happened). */
  routes?: RouteObject[];
};

/**
 * Renders `ui` as the app does (React Query + React Router), with retries off so a refused
 * request shows at once. Returns the router to read where the app navigated to
 * (`router.state.location`) and a user-event instance to drive it like a person.
 */
export function renderWithProviders(ui: ReactElement, { route = "/", path = "*", routes = [] }: Options = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  const router = createMemoryRouter([{ path, element: ui }, ...routes], { initialEntries: [route] });
  // No delay between keystrokes: the tests type whole forms.
  const user = userEvent.setup({ delay: null });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, user, router, queryClient };
}
