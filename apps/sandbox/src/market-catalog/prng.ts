/**
 * Deterministic randomness for the simulated catalogs: every choice is a pure function of a
 * string key, so the same universe, listings and answers come back on every run and machine.
 */

/** 32-bit FNV-1a of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the key (FNV-1a then a murmur3 finalizer, to spread close keys). */
export function hash01(...parts: (string | number)[]): number {
  let h = fnv1a(parts.join("\u241f"));
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** mulberry32: a small seeded generator for sequences (Math.random is never used). */
export function seeded(seed: number | string): () => number {
  let a = typeof seed === "string" ? fnv1a(seed) : seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An element of `list` chosen by the key. */
export function pick<T>(list: readonly T[], ...key: (string | number)[]): T {
  return list[Math.floor(hash01(...key) * list.length)] as T;
}

/** An integer in [min, max] chosen by the key. */
export function between(min: number, max: number, ...key: (string | number)[]): number {
  return min + Math.floor(hash01(...key) * (max - min + 1));
}
