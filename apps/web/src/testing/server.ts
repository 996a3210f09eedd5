import { Problem } from "@sokoni/contracts";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import type { z } from "zod";

/**
 * The API as the component tests see it: MSW answers the app's fetches in Node. Every test adds
 * the handlers it needs with `server.use(...)`; a request no handler answers fails the test.
 */
export const server = setupServer();

/**
 * A JSON answer that must fit the contract: the body is parsed with the response schema the app
 * itself parses with, so a fixture that drifts from packages/contracts fails here, not later.
 */
export function json<S extends z.ZodType>(schema: S, body: z.input<S>, init?: ResponseInit) {
  schema.parse(body);
  return HttpResponse.json(body as Record<string, unknown>, init);
}

/** The API's problem+json refusal, checked against the contracts' `Problem`. */
export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: { path: string; message: string }[],
): HttpResponse<Problem> {
  const body = Problem.parse({
    type: "about:blank",
    title: code,
    status,
    detail,
    code,
    request_id: "req_test",
    ...(errors ? { errors } : {}),
  });
  return HttpResponse.json(body, { status, headers: { "content-type": "application/problem+json" } });
}

/** A request body the app sent, parsed with the contract's body schema (a wrong body fails the test). */
export async function bodyOf<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return schema.parse(await request.json());
}
