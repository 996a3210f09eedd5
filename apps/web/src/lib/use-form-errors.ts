import { useState } from "react";
import { type Issue, issuesToFieldErrors } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client";

const CORRECT_THE_FIELDS = "Please correct the marked fields.";

/** A zod safeParse result (or one made of several), as far as a form needs it. */
export type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

export type SubmitOptions = {
  /** Said above the form when sending fails without an API answer (network, bug). */
  failed: string;
  /** The client's issues in the form's words (default: issuesToFieldErrors). */
  fieldErrors?: (issues: Issue[]) => Record<string, string>;
};

/**
 * A form's field errors and the summary above it. `send` is the sequence every form follows:
 * the contract's rules checked on the client first (nothing is sent while one is broken, each
 * message beside its field), then `post`, whose problem+json field errors go beside the same
 * fields; a refusal without them is said in the API's words.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  async function send<T>(parsed: Parsed<T>, post: (data: T) => Promise<void>, options: SubmitOptions) {
    setFormError(undefined);
    if (!parsed.success) {
      setErrors((options.fieldErrors ?? issuesToFieldErrors)(parsed.error.issues));
      setFormError(CORRECT_THE_FIELDS);
      return;
    }
    setErrors({});
    try {
      await post(parsed.data);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        setFormError(Object.keys(fields).length > 0 ? CORRECT_THE_FIELDS : err.message);
      } else setFormError(options.failed);
    }
  }

  return { errors, formError, send };
}
