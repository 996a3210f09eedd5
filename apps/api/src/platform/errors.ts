/**
 * The error vocabulary of the whole API. Services throw these; the one error handler renders them
 * as RFC 9457 problem+json. Codes are stable SCREAMING_SNAKE strings the UI can switch on.
 */
export type FieldError = { path: string; message: string };

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;
  constructor(
    code: string,
    status: number,
    detail: string,
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[] = [], code = "VALIDATION_FAILED") {
    super(code, 400, detail, { errors });
  }
}
export class UnauthorizedError extends AppError {
  constructor(detail = "Authentication is required", code = "UNAUTHORIZED") {
    super(code, 401, detail, { headers: { "www-authenticate": "Bearer" } });
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = "You are not allowed to do this", code = "FORBIDDEN") {
    super(code, 403, detail);
  }
}
export class NotFoundError extends AppError {
  constructor(code: string, detail: string) {
    super(code, 404, detail);
  }
}
export class ConflictError extends AppError {
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(code, 409, detail, { errors });
  }
}
export class BusinessRuleError extends AppError {
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(code, 422, detail, { errors });
  }
}
export class UpstreamError extends AppError {
  constructor(code: string, detail: string) {
    super(code, 502, detail);
  }
}

/** Postgres SQLSTATE of an error from either driver, when it is one. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  // Drizzle wraps driver errors; the SQLSTATE sits on the cause.
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Name of the violated constraint, when the error is a constraint violation. */
export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === "string") return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
export const PG_CHECK_VIOLATION = "23514";
