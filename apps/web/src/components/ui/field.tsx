import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

type Labelled = { label: string; error?: string; hint?: string };

/** What the labelled control needs to be found by its label and to announce its error and hint. */
type ControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
};

/**
 * The label, hint and error around one control, tied to it for screen readers: the error's id
 * comes first in aria-describedby (the browser tests read it there), then the hint's.
 */
function LabelledControl({
  label,
  error,
  hint,
  className = "",
  children,
}: Labelled & { className?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
        className: `${className}rounded-md border bg-white px-3 py-2 ${error ? "border-red-600" : "border-stone-400"}`,
      })}
      {hint && (
        <p id={hintId} className="text-xs text-stone-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its error (client rule or the API's problem+json) tied to it for screen readers. */
export function Field({
  label,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & Labelled & { name: string }) {
  return (
    <LabelledControl label={label} error={error} hint={hint}>
      {(control) => <input {...control} {...input} />}
    </LabelledControl>
  );
}

/** A labelled <textarea> (4 rows unless told), wired like Field. */
export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled & { name: string }) {
  return (
    <LabelledControl label={label} error={error} hint={hint}>
      {(control) => <textarea rows={4} {...control} {...textarea} />}
    </LabelledControl>
  );
}

/** A labelled <select> (its options as children), wired like Field; it may shrink in a narrow grid. */
export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & Labelled & { name: string }) {
  return (
    <LabelledControl label={label} error={error} hint={hint} className="min-w-0 ">
      {(control) => (
        <select {...control} {...select}>
          {children}
        </select>
      )}
    </LabelledControl>
  );
}

export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </div>
  );
}

export type Issue = {
  path: PropertyKey[];
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
  origin?: string;
};

/** A zod issue in the shopper's words (the contracts' own messages are kept). */
export function issueMessage(issue: Issue): string {
  const size = issue.origin === "string" ? "characters" : issue.origin === "array" ? "items" : "";
  switch (issue.code) {
    case "invalid_type":
      return "Required";
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "Required";
      return size ? `At least ${String(issue.minimum)} ${size}` : `At least ${String(issue.minimum)}`;
    case "too_big":
      return size ? `At most ${String(issue.maximum)} ${size}` : `At most ${String(issue.maximum)}`;
    case "invalid_format":
      return issue.format === "email" ? "Enter a valid email address" : issue.message;
    case "invalid_value":
      return "Choose one of the options";
    default:
      return issue.message;
  }
}

/** Zod issues → { field: first message } for a form's fields. */
export function issuesToFieldErrors(issues: Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    if (key && !(key in out)) out[key] = issueMessage(issue);
  }
  return out;
}
