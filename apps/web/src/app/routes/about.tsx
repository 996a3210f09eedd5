import { Link } from "react-router";
import { useTitle } from "@/lib/use-title";

const STEPS = [
  {
    title: "Search once",
    body: "Sokoni shows the house store's own stock beside offers from marketplaces such as Jumia and Amazon, so you compare price, rating and delivery in one list. Prices in other currencies are shown in Kenyan shillings too, and the exchange rate is fixed when you order.",
  },
  {
    title: "One cart, one payment",
    body: "Put items from several stores in the same cart and pay once: by M-Pesa (a prompt on your phone), by card, or from your Sokoni wallet. The total is what you pay — prices are fixed when you place the order.",
  },
  {
    title: "We order from each store",
    body: "Behind your single order we place one order with each store your items come from. Your order page shows each item's progress: ordered from the store, received at our warehouse, shipped, delivered.",
  },
  {
    title: "Delivered through our warehouse",
    body: "Items from other stores — including ones abroad — come to our warehouse first, and we ship them on to you from there. Items from the house store leave straight from our stock.",
  },
];

export function Component() {
  useTitle("About Sokoni");
  return (
    <article className="mx-auto flex max-w-3xl flex-col gap-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold">About Sokoni</h1>
        <p className="text-lg text-stone-700">
          Sokoni ("at the market") is one shop window over many stores: search once, fill one cart from several shops
          and pay once, with M-Pesa first.
        </p>
      </header>
      <section aria-labelledby="how-it-works" className="flex flex-col gap-3">
        <h2 id="how-it-works" className="text-xl font-semibold">
          How it works
        </h2>
        <ol className="grid gap-3 sm:grid-cols-2">
          {STEPS.map((step, i) => (
            <li key={step.title} className="rounded-lg border border-stone-200 bg-white p-4">
              <h3 className="font-semibold">
                <span aria-hidden="true" className="mr-2 text-brand-700">
                  {i + 1}.
                </span>
                {step.title}
              </h3>
              <p className="mt-1 text-sm text-stone-700">{step.body}</p>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="if-something-goes-wrong" className="flex flex-col gap-2">
        <h2 id="if-something-goes-wrong" className="text-xl font-semibold">
          If something goes wrong
        </h2>
        <p className="text-stone-700">
          Refunds go back to your card for card payments and to your Sokoni wallet otherwise, and we email you about
          every payment. For anything else,{" "}
          <Link to="/support" className="font-medium text-brand-700 underline">
            contact support
          </Link>{" "}
          and quote your order number.
        </p>
      </section>
    </article>
  );
}
