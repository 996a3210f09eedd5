import { FxCurrencyParams, SetFxRateBody } from "@sokoni/contracts";
import { type FormEvent, useRef, useState } from "react";
import { Field, FormError, issuesToFieldErrors } from "@/components/ui/field";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useFxRates } from "@/features/admin/api/get-fx-rates";
import { useSetFxRate } from "@/features/admin/api/set-fx-rate";
import { formatDate } from "@/lib/format";
import { useFormErrors } from "@/lib/use-form-errors";
import { useTitle } from "@/lib/use-title";

/** "131.2500000000" (the column keeps 10 decimals) → "131.25"; "10" stays "10". */
function plainRate(rate: string): string {
  return rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
}

/**
 * Set or change a rate: FxCurrencyParams and SetFxRateBody on the client, the API's field errors
 * beside the fields and its refusals (the store currency stays 1) above them.
 */
function SetRateForm({ storeCurrency, onSet }: { storeCurrency: string; onSet: (message: string) => void }) {
  const setRate = useSetFxRate();
  const { errors, formError, send } = useFormErrors();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currency = String(data.get("currency") ?? "")
      .trim()
      .toUpperCase();
    const rate = String(data.get("rate") ?? "").trim();
    const params = FxCurrencyParams.safeParse({ currency });
    const body = SetFxRateBody.safeParse({ rate });
    // The path's currency and the body's rate, checked together.
    const parsed =
      params.success && body.success
        ? { success: true as const, data: { currency: params.data.currency, body: body.data } }
        : {
            success: false as const,
            error: { issues: [...(params.error?.issues ?? []), ...(body.error?.issues ?? [])] },
          };
    await send(
      parsed,
      async (input) => {
        const result = await setRate.mutateAsync(input);
        form.reset();
        const repriced = result.products_repriced;
        onSet(
          `1 ${result.currency} = ${result.rate} ${storeCurrency}; ${repriced} ${repriced === 1 ? "product" : "products"} re-priced.`,
        );
      },
      {
        failed: "Saving failed. Try again.",
        fieldErrors: (issues) => {
          const out = issuesToFieldErrors(issues);
          // The rate is a union (number or decimal string): say what a rate looks like instead of "Invalid input".
          if (out.rate)
            out.rate = rate === "" ? "Required" : "Enter a positive number like 129.5 (at most 10 decimals)";
          if (out.currency) out.currency = currency === "" ? "Required" : "Enter a 3-letter ISO code such as USD";
          return out;
        },
      },
    );
  }

  return (
    <section aria-labelledby="set-rate" className="flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4">
      <h2 id="set-rate" className="font-semibold">
        Set a rate
      </h2>
      <form onSubmit={submit} noValidate aria-label="Set a rate" className="flex flex-col gap-3">
        <FormError message={formError} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Currency"
            name="currency"
            required
            maxLength={3}
            autoCapitalize="characters"
            error={errors.currency}
            hint="ISO code, e.g. USD; a new one is added"
          />
          <Field
            label={`Rate (${storeCurrency} per unit)`}
            name="rate"
            required
            inputMode="decimal"
            error={errors.rate}
            hint={`How many ${storeCurrency} one unit buys, e.g. 129.5`}
          />
        </div>
        <button
          type="submit"
          disabled={setRate.isPending}
          className="self-start rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {setRate.isPending ? "Saving…" : "Set rate"}
        </button>
      </form>
    </section>
  );
}

/** GET /api/fx-rates as a table, and a form to set one (PUT /api/fx-rates/:currency). */
export function AdminFxRates() {
  useTitle("Admin · Exchange rates");
  const rates = useFxRates();
  const [done, setDone] = useState<string>();
  const formRef = useRef<HTMLDivElement>(null);

  /** "Change" fills the form with that currency and puts the cursor on the rate. */
  function change(currency: string) {
    const form = formRef.current;
    const currencyInput = form?.querySelector<HTMLInputElement>('input[name="currency"]');
    const rateInput = form?.querySelector<HTMLInputElement>('input[name="rate"]');
    if (currencyInput) currencyInput.value = currency;
    rateInput?.focus();
  }

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Exchange rates</h1>
      {rates.isPending ? (
        <Spinner label="Loading exchange rates" />
      ) : rates.isError ? (
        <ErrorState error={rates.error} onRetry={() => rates.refetch()} />
      ) : (
        <>
          <p className="text-stone-800">
            A rate is the number of {rates.data.store_currency} one unit of the currency buys (USD 129.5: 1 USD ={" "}
            {rates.data.store_currency} 129.50); products priced in it are shown and sold at that rate.
          </p>
          <p role="status" className="min-h-5 text-sm text-green-800">
            {done}
          </p>
          <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
            {rates.data.items.length === 0 ? (
              <EmptyState title="No exchange rates yet">Set the first one with the form.</EmptyState>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Exchange rates into {rates.data.store_currency}</caption>
                  <thead className="border-b border-stone-200 bg-stone-50">
                    <tr>
                      <th scope="col" className="px-3 py-2">
                        Currency
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Rate ({rates.data.store_currency} per unit)
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Updated
                      </th>
                      <th scope="col" className="px-3 py-2">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-200">
                    {rates.data.items.map((r) => (
                      <tr key={r.currency}>
                        <th scope="row" className="px-3 py-2 font-semibold">
                          {r.currency}
                        </th>
                        <td className="px-3 py-2 tabular-nums">{plainRate(r.rate)}</td>
                        <td className="px-3 py-2">
                          <time dateTime={r.updated_at}>{formatDate(r.updated_at)}</time>
                        </td>
                        <td className="px-3 py-2 text-right">
                          {r.currency !== rates.data.store_currency && (
                            <button
                              type="button"
                              onClick={() => change(r.currency)}
                              className="rounded-md border border-stone-400 bg-white px-3 py-1.5 font-medium hover:bg-stone-100"
                            >
                              Change<span className="sr-only"> the {r.currency} rate</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div ref={formRef}>
              <SetRateForm storeCurrency={rates.data.store_currency} onSet={setDone} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
