import {
  SUPPORT_MESSAGE_MAX,
  SUPPORT_MESSAGE_MIN,
  SupportMessageBody,
  type SupportMessageCreatedResponse,
} from "@sokoni/contracts";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { Field, FormError, TextAreaField } from "@/components/ui/field";
import { useSendSupportMessage } from "@/features/support/api/send-support-message";
import { useSession } from "@/lib/auth-session";
import { useFormErrors } from "@/lib/use-form-errors";

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function Sent({
  result,
  email,
  onAnother,
}: {
  result: SupportMessageCreatedResponse;
  email: string;
  onAnother: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form is gone: move focus to what replaced it, so keyboard and screen reader users hear it.
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section
      aria-labelledby="support-sent"
      className="flex flex-col gap-3 rounded-xl border border-green-200 bg-green-50 p-6"
    >
      <h2 id="support-sent" ref={headingRef} tabIndex={-1} className="text-xl font-bold text-green-800">
        Thank you — your message is with our team
      </h2>
      <p>
        Your reference is{" "}
        <strong className="font-mono text-lg" data-testid="support-reference">
          {result.reference}
        </strong>
        . Please quote it if you write again.
      </p>
      <p className="text-sm text-stone-700">We sent an acknowledgement to {email} and will answer you there.</p>
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          onClick={onAnother}
          className="rounded-md border border-stone-400 bg-white px-4 py-2 font-medium hover:bg-stone-100"
        >
          Send another message
        </button>
        <Link to="/" className="rounded-md px-4 py-2 font-medium text-brand-700 underline">
          Back to the shop
        </Link>
      </div>
    </section>
  );
}

/**
 * The contact form: the contract's SupportMessageBody rules on the client, the API's field errors
 * beside the same fields, and the reference to quote once sent. A signed-in shopper's name and email
 * are filled in (and the account is linked by the API).
 */
export function SupportForm() {
  const session = useSession();
  const mutation = useSendSupportMessage();
  const { errors, formError, send } = useFormErrors();
  const [sent, setSent] = useState<{ result: SupportMessageCreatedResponse; email: string }>();

  const user = session.status === "signed-in" ? session.user : null;
  const defaultName = user ? [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username : "";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = SupportMessageBody.safeParse({
      name: text(data, "name") ?? "",
      email: text(data, "email") ?? "",
      subject: text(data, "subject") ?? "",
      order_number: text(data, "order_number"),
      message: text(data, "message") ?? "",
    });
    await send(parsed, async (body) => setSent({ result: await mutation.mutateAsync(body), email: body.email }), {
      failed: "Your message could not be sent. Try again.",
    });
  }

  if (sent) {
    return (
      <Sent
        result={sent.result}
        email={sent.email}
        onAnother={() => {
          setSent(undefined);
          mutation.reset();
        }}
      />
    );
  }

  return (
    <form
      // Remounted once the session is known, so a signed-in shopper's details fill in.
      key={session.status}
      onSubmit={onSubmit}
      noValidate
      aria-label="Contact support"
      className="flex flex-col gap-4"
    >
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Your name"
          name="name"
          autoComplete="name"
          required
          defaultValue={defaultName}
          error={errors.name}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={user?.email ?? ""}
          error={errors.email}
          hint="Where we answer you"
        />
      </div>
      <Field label="Subject" name="subject" required maxLength={150} error={errors.subject} />
      <Field
        label="Order number (optional)"
        name="order_number"
        autoComplete="off"
        maxLength={20}
        error={errors.order_number}
        hint="From your order confirmation, e.g. SK-100042"
      />
      <TextAreaField
        label="Message"
        name="message"
        rows={7}
        required
        maxLength={SUPPORT_MESSAGE_MAX}
        error={errors.message}
        hint={`${SUPPORT_MESSAGE_MIN}–${SUPPORT_MESSAGE_MAX} characters`}
      />
      <button
        type="submit"
        disabled={mutation.isPending}
        className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {mutation.isPending ? "Sending…" : "Send message"}
      </button>
    </form>
  );
}
