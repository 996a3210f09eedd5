import { CART_MAX_QUANTITY } from "@sokoni/contracts";
import { type FormEvent, useId, useState } from "react";
import { Link } from "react-router";
import { useAddCartItem } from "@/features/cart/api/add-cart-item";

export function AddToCart({
  productId,
  disabled,
  maxQuantity,
}: {
  productId: string;
  disabled: boolean;
  maxQuantity: number | null;
}) {
  const mutation = useAddCartItem();
  const id = useId();
  const [added, setAdded] = useState(false);
  const max = Math.min(CART_MAX_QUANTITY, maxQuantity ?? CART_MAX_QUANTITY);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const quantity = Number(new FormData(event.currentTarget).get("quantity") ?? 1);
    setAdded(false);
    await mutation.mutateAsync({ product_id: productId, quantity }).then(
      () => setAdded(true),
      () => undefined,
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <div className="flex items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={id} className="text-sm font-medium">
            Quantity
          </label>
          <input
            id={id}
            name="quantity"
            type="number"
            min={1}
            max={max}
            defaultValue={1}
            required
            className="w-20 rounded-md border border-stone-400 px-2 py-2"
          />
        </div>
        <button
          type="submit"
          disabled={disabled || mutation.isPending}
          className="flex-1 rounded-md bg-amber-400 px-4 py-2.5 font-semibold text-stone-900 hover:bg-amber-300 disabled:cursor-not-allowed disabled:bg-stone-200 disabled:text-stone-600"
        >
          {mutation.isPending ? "Adding…" : disabled ? "Not available" : "Add to cart"}
        </button>
      </div>
      <div aria-live="polite" className="min-h-6 text-sm">
        {added && (
          <p className="text-green-800">
            Added to your cart.{" "}
            <Link to="/cart" className="font-medium underline">
              View cart
            </Link>
          </p>
        )}
        {mutation.error && (
          <p role="alert" className="text-red-700">
            {mutation.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
