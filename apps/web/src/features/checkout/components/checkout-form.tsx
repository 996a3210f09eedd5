import { type AddressResponse, CheckoutBody } from "@sokoni/contracts";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { type PlacedOrder, usePlaceCheckout } from "@/features/checkout/api/place-checkout";
import { ApiError } from "@/lib/api-client";

type MethodCode = "mpesa" | "stripe" | "mock" | "wallet";
type Method = { code: MethodCode; label: string; note: string };

/** M-Pesa first, as Kenyan shoppers expect. A method the server cannot take answers with its reason. */
export const PAYMENT_METHODS: Method[] = [
  { code: "mpesa", label: "M-Pesa", note: "A prompt on your phone: enter your M-Pesa PIN to pay." },
  { code: "stripe", label: "Card (Visa, Mastercard)", note: "On a secure card page; you come back here after." },
  { code: "mock", label: "Test payment page", note: "A payment page where you press Pay. No money moves." },
  { code: "wallet", label: "Sokoni wallet", note: "Pay from your wallet balance." },
];
// A wallet belongs to an account: guests pay another way.
const GUEST_METHODS = PAYMENT_METHODS.filter((m) => m.code !== "wallet");

function text(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** What the page answers just before placing: the total to send as expected_total, or why not to place. */
export type PriceCheckResult = { expectedTotal: string } | { error: string };

/**
 * Address, payment method, place the order. A signed-in shopper may pick a saved address and the
 * wallet; a guest (`guest`) gives the email the confirmation goes to. Before placing, `beforePlace`
 * re-checks the prices (the cart quote) and gives the total the shopper accepted, sent as
 * expected_total; `priceCheck` (the confirmation of a changed total) shows above the button, and
 * `onRefused` hears a checkout the API refused for a changed price or a line no longer sold.
 */
export function CheckoutForm({
  guest,
  savedAddresses = [],
  defaultPhone = "",
  onPlaced,
  beforePlace,
  priceCheck,
  onRefused,
}: {
  guest: boolean;
  savedAddresses?: AddressResponse[];
  defaultPhone?: string;
  onPlaced: (placed: PlacedOrder) => void;
  beforePlace: () => Promise<PriceCheckResult>;
  priceCheck?: ReactNode;
  onRefused?: (err: ApiError) => void;
}) {
  const [method, setMethod] = useState<MethodCode>("mpesa");
  const methods = guest ? GUEST_METHODS : PAYMENT_METHODS;
  const mutation = usePlaceCheckout();
  const [checking, setChecking] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  // One key per purchase attempt: a double click or a retry after a timeout places one order.
  const idempotencyKey = useRef(crypto.randomUUID());
  const saved = savedAddresses;
  const [addressChoice, setAddressChoice] = useState<string>("new");
  const useSaved = addressChoice !== "new" && saved.some((a) => a.id === addressChoice);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const candidate = {
      ...(guest ? { email: text(data, "email") ?? "" } : {}),
      payment_method: text(data, "payment_method") ?? "",
      ...(method === "mpesa" ? { phone_number: text(data, "mpesa_phone") ?? "" } : {}),
      ...(useSaved
        ? { address_id: addressChoice }
        : {
            shipping_address: {
              name: text(data, "name") ?? "",
              phone_number: text(data, "phone_number") ?? "",
              line1: text(data, "line1") ?? "",
              line2: text(data, "line2") ?? null,
              city: text(data, "city") ?? "",
              region: text(data, "region") ?? null,
              postal_code: text(data, "postal_code") ?? null,
              country: text(data, "country") ?? "",
            },
          }),
    };
    setFormError(undefined);
    const parsed = CheckoutBody.safeParse(candidate);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      setFormError("Please correct the marked fields.");
      return;
    }
    setErrors({});
    setChecking(true);
    let check: PriceCheckResult;
    try {
      check = await beforePlace();
    } finally {
      setChecking(false);
    }
    if ("error" in check) {
      setFormError(check.error);
      return;
    }
    try {
      onPlaced(
        await mutation.mutateAsync({
          body: { ...parsed.data, expected_total: check.expectedTotal },
          idempotencyKey: idempotencyKey.current,
        }),
      );
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setFormError(err.message);
        if (err.code === "PRICE_CHANGED" || err.code === "PRODUCT_UNAVAILABLE") onRefused?.(err);
        // A refusal placed nothing: the next attempt may use a new key.
        if (err.status >= 400 && err.status < 500 && err.status !== 409) idempotencyKey.current = crypto.randomUUID();
      } else setFormError("Checkout failed. Try again.");
    }
  }

  const addrError = (field: string) => errors[`shipping_address.${field}`];
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6" aria-label="Checkout">
      <FormError message={formError} />
      {guest && (
        <fieldset className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4">
          <legend className="px-1 text-lg font-semibold">Your email</legend>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            error={errors.email}
            hint="Your confirmation and a link to follow the order go here"
          />
        </fieldset>
      )}
      <fieldset className="flex flex-col gap-4 rounded-lg border border-stone-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Delivery address</legend>
        {saved.length > 0 && (
          <div className="flex flex-col gap-2">
            {saved.map((a) => (
              <label key={a.id} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="address_choice"
                  value={a.id}
                  checked={addressChoice === a.id}
                  onChange={() => setAddressChoice(a.id)}
                  className="mt-1"
                />
                <span>
                  {a.name}, {a.line1}, {a.city} ({a.country})
                </span>
              </label>
            ))}
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="address_choice"
                value="new"
                checked={!useSaved}
                onChange={() => setAddressChoice("new")}
              />
              A new address
            </label>
          </div>
        )}
        {!useSaved && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Full name" name="name" autoComplete="name" required error={addrError("name")} />
            <Field
              label="Phone number"
              name="phone_number"
              type="tel"
              autoComplete="tel"
              required
              error={addrError("phone_number")}
              hint="e.g. 0712345678"
            />
            <Field
              label="Address"
              name="line1"
              autoComplete="address-line1"
              required
              error={addrError("line1")}
              hint="Street, building"
            />
            <Field
              label="Apartment, floor (optional)"
              name="line2"
              autoComplete="address-line2"
              error={addrError("line2")}
            />
            <Field label="Town or city" name="city" autoComplete="address-level2" required error={addrError("city")} />
            <Field label="County (optional)" name="region" autoComplete="address-level1" error={addrError("region")} />
            <Field
              label="Postal code (optional)"
              name="postal_code"
              autoComplete="postal-code"
              error={addrError("postal_code")}
            />
            <Field
              label="Country code"
              name="country"
              autoComplete="country"
              defaultValue="KE"
              required
              error={addrError("country")}
              hint="Two letters, e.g. KE"
            />
          </div>
        )}
        {errors.shipping_address && <p className="text-sm text-red-700">{errors.shipping_address}</p>}
      </fieldset>

      <fieldset
        className="flex flex-col gap-2 rounded-lg border border-stone-200 bg-white p-4"
        aria-describedby={errors.payment_method ? "payment-error" : undefined}
      >
        <legend className="px-1 text-lg font-semibold">Payment method</legend>
        {methods.map((m) => (
          <label
            key={m.code}
            className={`flex items-start gap-3 rounded-md border p-3 ${method === m.code ? "border-brand-700 bg-brand-50" : "border-stone-300"}`}
          >
            <input
              type="radio"
              name="payment_method"
              value={m.code}
              checked={method === m.code}
              onChange={() => setMethod(m.code)}
              className="mt-1"
            />
            <span>
              <span className="block font-medium">{m.label}</span>
              <span className="block text-sm">{m.note}</span>
            </span>
          </label>
        ))}
        {method === "mpesa" && (
          <div className="mt-2">
            <Field
              label="M-Pesa phone number"
              name="mpesa_phone"
              type="tel"
              autoComplete="tel"
              defaultValue={defaultPhone}
              required
              error={errors.phone_number}
              hint="The prompt goes to this number, e.g. 0712345678"
            />
          </div>
        )}
        {errors.payment_method && (
          <p id="payment-error" className="text-sm text-red-700">
            {errors.payment_method}
          </p>
        )}
      </fieldset>

      {priceCheck}
      <button
        type="submit"
        disabled={mutation.isPending || checking}
        className="rounded-md bg-brand-700 px-4 py-3 text-lg font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {checking ? "Checking prices…" : mutation.isPending ? "Placing order…" : "Place order and pay"}
      </button>
    </form>
  );
}
