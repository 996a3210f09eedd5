import type { ProductResponse } from "@sokoni/contracts";
import { useSyncExternalStore } from "react";

/**
 * The products this browser opened last, newest first, kept in localStorage (no account needed,
 * nothing sent to the server). A snapshot is enough for the home page's row; the product page
 * itself always shows the current price.
 */
export type ViewedProduct = Pick<ProductResponse, "id" | "name" | "image_url"> & { marketplace: string };

const STORAGE_KEY = "sokoni_recently_viewed";
const MAX_VIEWED = 12;
const listeners = new Set<() => void>();
let cache: { raw: string | null; items: ViewedProduct[] } = { raw: null, items: [] };

function parse(raw: string | null): ViewedProduct[] {
  try {
    const value: unknown = JSON.parse(raw ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is ViewedProduct =>
        typeof v?.id === "string" &&
        typeof v?.name === "string" &&
        typeof v?.marketplace === "string" &&
        (v.image_url === null || typeof v.image_url === "string"),
    );
  } catch {
    return [];
  }
}

function snapshot(): ViewedProduct[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: nothing remembered
  }
  // The same array while storage is unchanged, as useSyncExternalStore requires.
  if (raw !== cache.raw) cache = { raw, items: parse(raw) };
  return cache.items;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab's views show here too.
  const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function rememberViewed(product: ProductResponse): void {
  const entry: ViewedProduct = {
    id: product.id,
    name: product.name,
    image_url: product.image_url,
    marketplace: product.marketplace.name,
  };
  const next = [entry, ...snapshot().filter((p) => p.id !== product.id)].slice(0, MAX_VIEWED);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    return;
  }
  for (const listener of listeners) listener();
}

export function useRecentlyViewed(): ViewedProduct[] {
  return useSyncExternalStore(subscribe, snapshot, () => []);
}
