/** Stripe's form encoding, decoded: `a[b][0][c]=v` → {a: {b: [{c: "v"}]}} (values stay strings). */
export type FormValue = string | FormObject | FormValue[];
export type FormObject = { [key: string]: FormValue };

export function decodeStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) continue;
    const path = [m[1] as string, ...[...(m[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] as string)];
    let node: FormObject | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const k = path[i] as string;
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1] as string);
      const slot = Array.isArray(node) ? Number(k) : k;
      const container = node as Record<string | number, FormValue>;
      if (last) {
        container[slot] = value;
      } else {
        if (container[slot] === undefined || typeof container[slot] === "string") {
          container[slot] = nextIsIndex ? [] : {};
        }
        node = container[slot] as FormObject | FormValue[];
      }
    }
  }
  return root;
}

/** A canonical text of the parameters, to tell "same request" from "different request" under one key. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
