import type { FastifyError } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type FieldError } from "../errors.ts";

/** RFC 9457 problem details, as every error response of the API is shaped. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export function problem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `https://sokoni.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
    request_id: requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Fastify's own error codes for malformed requests, mapped to stable API codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; detail?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "MALFORMED_JSON", detail: "The request body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "MALFORMED_JSON",
    detail: "The request body is empty but Content-Type is application/json",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "BODY_TOO_LARGE", detail: "The request body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    detail: "Send the request body as application/json",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "BAD_REQUEST",
    detail: "Content-Length does not match the body",
  },
  FST_ERR_VALIDATION: { status: 400, code: "VALIDATION_FAILED" },
};

/** Turns anything thrown while handling a request into a problem; unknown errors become a bare 500. */
export function toProblem(err: unknown, requestId: string): Problem & { headers?: Record<string, string> } {
  if (err instanceof AppError) {
    return { ...problem(err.status, err.code, err.message, requestId, err.errors), headers: err.headers };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? "body";
    const errors = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."),
      message: v.message ?? "is invalid",
    }));
    return problem(400, "VALIDATION_FAILED", "The request is not valid; see errors for each field", requestId, errors);
  }
  const fe = err as Partial<FastifyError>;
  if (fe?.code && FASTIFY_CODES[fe.code]) {
    const mapped = FASTIFY_CODES[fe.code];
    if (mapped) return problem(mapped.status, mapped.code, mapped.detail ?? fe.message ?? "Bad request", requestId);
  }
  // Fastify/plugin errors that carry a 4xx statusCode (e.g. rate limit) keep it, with their text.
  if (typeof fe?.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 429 ? "RATE_LIMITED" : "BAD_REQUEST";
    return problem(fe.statusCode, code, fe.message ?? "Bad request", requestId);
  }
  return problem(500, "INTERNAL_ERROR", "Something went wrong on our side; it has been logged", requestId);
}
