import { toGtin14 } from "./gtin.ts";
import { type KeyAttributes, keyAttributes } from "./normalize.ts";

/**
 * Offer matching (ADR 008). Two offers are the same item when they carry the same valid GTIN;
 * otherwise when their key attributes never conflict and either all of them agree on a
 * brand + model key or their titles are similar enough. Colours are one item. A conflicting key attribute (64 GB vs
 * 128 GB, Series 8 vs Series 9, Pro vs plain) always keeps them apart, whatever the titles say.
 */

/** What matching needs from an offer: its title, and the brand and GTIN when the store sent them. */
export type MatchInput = {
  title: string;
  brand?: string | null | undefined;
  gtin?: string | null | undefined;
};

/** An offer with its matching facts worked out once. */
export type MatchKey = {
  gtin14?: string;
  attrs: KeyAttributes;
  /** "attr:…" when brand and model are known, else undefined. */
  attrToken?: string;
  /** The offer's own relation token (see relationTokenOf). */
  token: string;
};

/** Titles at least this similar (0–1) are the same item when no key attribute conflicts. */
export const SIMILARITY_THRESHOLD = 0.6;

/** Works out an offer's GTIN-14, key attributes and tokens. */
export function matchKeyOf(offer: MatchInput): MatchKey {
  const gtin14 = toGtin14(offer.gtin);
  const attrs = keyAttributes(offer.title, offer.brand);
  const attrToken = attrTokenOf(attrs);
  const token = gtin14 ? `gtin:${gtin14}` : (attrToken ?? titleTokenOf(attrs));
  return { ...(gtin14 ? { gtin14 } : {}), attrs, ...(attrToken ? { attrToken } : {}), token };
}

/**
 * The relation token of one offer on its own: `gtin:<gtin14>` when it has a valid GTIN, else
 * `attr:<brand>|<model>|<storage>|<memory>|<screen>|<size>|<audience>|<capacity>|<series>|<gen>|<editions>|<pack>|<accessory>`
 * when brand and model are known, else `title:<brand>|<sorted words>|<the same attributes>`. Offers sharing a token are
 * the same item; `groupOffers` also joins offers whose tokens differ but that `sameItem` accepts.
 */
export function relationTokenOf(offer: MatchInput): string {
  return matchKeyOf(offer).token;
}

function attrTokenOf(a: KeyAttributes): string | undefined {
  if (!a.brand || (a.model.length === 0 && a.series === undefined && a.generation === undefined)) return undefined;
  return `attr:${a.brand}|${a.model.join("+")}|${attrParts(a)}`;
}

function titleTokenOf(a: KeyAttributes): string {
  return `title:${a.brand ?? ""}|${[...a.words].sort().join(" ")}|${attrParts(a)}`;
}

function attrParts(a: KeyAttributes): string {
  return [
    a.storageGb ?? "",
    a.memoryGb ?? "",
    a.screenIn ?? "",
    a.sizeMm ?? a.size ?? "",
    a.audience ?? "",
    a.capacity.join("+"),
    a.series ?? "",
    a.generation ?? "",
    a.editions.join("+"),
    a.pack === 1 ? "" : a.pack,
    a.accessory ?? "",
    a.target ?? "",
  ].join("|");
}

/**
 * Why two offers cannot be the same item, or undefined when nothing conflicts. A value only one
 * side states is no conflict, except editions, pack size and accessory: a title that says no
 * "Pro" is the plain model, one that says no pack is a single item, one that is no case is the item.
 */
export function conflictOf(a: KeyAttributes, b: KeyAttributes): string | undefined {
  if (a.brand && b.brand && a.brand !== b.brand) return "brand";
  if (a.model.length && b.model.length && !isSubset(a.model, b.model) && !isSubset(b.model, a.model)) return "model";
  const both = <T>(x: T | undefined, y: T | undefined) => x !== undefined && y !== undefined && x !== y;
  if (both(a.storageGb, b.storageGb)) return "storage";
  if (both(a.memoryGb, b.memoryGb)) return "memory";
  if (both(a.screenIn, b.screenIn)) return "screen";
  if (both(a.sizeMm, b.sizeMm)) return "size";
  if (both(a.size, b.size)) return "size";
  if (both(a.audience, b.audience)) return "audience";
  if (a.capacity.length && b.capacity.length && !sameSet(a.capacity, b.capacity)) return "capacity";
  if (both(a.series, b.series)) return "series";
  if (both(a.generation, b.generation)) return "generation";
  if (!sameSet(a.editions, b.editions)) return "edition";
  if (a.pack !== b.pack) return "pack";
  if (a.accessory !== b.accessory) return "accessory";
  if (both(a.target, b.target)) return "accessory";
  return undefined;
}

/**
 * Every model token of `small` is in `big`, or is the start of one there that goes on with two or
 * more letters (a maker's region suffix: oled55c3 / oled55c3pua). One more letter is another
 * model (pixel8 / pixel8a, hot40 / hot40i).
 */
function isSubset(small: string[], big: string[]): boolean {
  const extends_ = (long: string, short: string) =>
    short.length >= 5 && long.startsWith(short) && /^[a-z]{2,}$/.test(long.slice(short.length));
  return small.every((x) => big.some((y) => y === x || extends_(y, x) || extends_(x, y)));
}

function sharesModelCode(a: string[], b: string[]): boolean {
  const code = (x: string) => x.length >= 3 && /[a-z]/.test(x) && /\d/.test(x);
  return a.some((x) => code(x) && b.some((y) => y === x || y.startsWith(x) || x.startsWith(y)));
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Title similarity in 0–1: the mean of the word sets' Jaccard index and their overlap
 * (|A∩B| / min(|A|,|B|)), so a long marketplace title that contains a short one's words still
 * scores well. Words are normalized (colours, units and noise removed).
 */
export function similarity(a: MatchInput | KeyAttributes, b: MatchInput | KeyAttributes): number {
  const wa = new Set("words" in a ? a.words : keyAttributes(a.title, a.brand).words);
  const wb = new Set("words" in b ? b.words : keyAttributes(b.title, b.brand).words);
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  const jaccard = common / (wa.size + wb.size - common);
  const overlap = common / Math.min(wa.size, wb.size);
  return (jaccard + overlap) / 2;
}

/** The decision for two offers, with its reason and title similarity (0 after a conflict: titles are not compared). */
export type MatchDecision =
  | { same: true; by: "gtin" | "attributes" | "similarity"; score: number }
  | { same: false; by: "conflict" | "similarity"; reason?: string; score: number };

/** Whether two offers are the same item (see the module comment for the rule). */
export function decide(a: MatchKey, b: MatchKey): MatchDecision {
  // Equal GTINs settle it. Different GTINs do not: each colour of a phone has its own, and
  // colours are one item here, so the attributes decide as for offers without one.
  if (a.gtin14 && a.gtin14 === b.gtin14) return { same: true, by: "gtin", score: 1 };
  // Conflicts first: they are cheap and settle most pairs without comparing titles.
  const conflict = conflictOf(a.attrs, b.attrs);
  if (conflict) return { same: false, by: "conflict", reason: conflict, score: 0 };
  const score = similarity(a.attrs, b.attrs);
  if (a.attrToken && a.attrToken === b.attrToken) return { same: true, by: "attributes", score };
  // Same brand and a shared model code (letters and digits, not a bare number like the 1 of "Air
  // Force 1" and "Jordan 1"), nothing conflicting: one side only leaves out an attribute.
  if (a.attrs.brand && a.attrs.brand === b.attrs.brand && sharesModelCode(a.attrs.model, b.attrs.model)) {
    return { same: true, by: "attributes", score };
  }
  if (score >= SIMILARITY_THRESHOLD) return { same: true, by: "similarity", score };
  return { same: false, by: "similarity", score };
}

/** True when two offers are the same item. */
export function sameItem(a: MatchInput, b: MatchInput): boolean {
  return decide(matchKeyOf(a), matchKeyOf(b)).same;
}

/** A group of offers of one item and the token they share. */
export type OfferGroup<T> = { token: string; members: T[]; keys: MatchKey[] };

/**
 * Groups offers into items, offers with a GTIN first. An offer joins the group holding its GTIN,
 * else the group it scores best with among those where it is the same item as *every* member
 * (so a "128 GB" offer never joins a "64 GB" one through an offer that states no storage), else
 * it starts a group. A group's token is its first member's: a GTIN's when it has one. Offers are
 * compared within their brand only (two brands always conflict; offers with no brand form one
 * bucket), as the catalog compares a new offer with the same brand's stored offers.
 */
export function groupOffers<T extends MatchInput>(offers: T[]): OfferGroup<T>[] {
  const groups: OfferGroup<T>[] = [];
  const byBrand = new Map<string, OfferGroup<T>[]>();
  const byGtin = new Map<string, OfferGroup<T>>();
  const keyed = offers.map((offer) => ({ offer, key: matchKeyOf(offer) }));
  const ordered = [...keyed.filter((k) => k.key.gtin14), ...keyed.filter((k) => !k.key.gtin14)];
  for (const { offer, key } of ordered) {
    const brand = key.attrs.brand ?? "";
    const bucket = byBrand.get(brand) ?? [];
    byBrand.set(brand, bucket);
    let group = key.gtin14 ? byGtin.get(key.gtin14) : undefined;
    group ??= bestGroup(key, bucket);
    if (!group) {
      group = { token: key.token, members: [], keys: [] };
      groups.push(group);
    }
    if (!bucket.includes(group)) bucket.push(group);
    group.members.push(offer);
    group.keys.push(key);
    if (key.gtin14) byGtin.set(key.gtin14, group);
  }
  return groups;
}

/**
 * The group an offer belongs to, or undefined: among groups where it is the same item as every
 * member, the best by attribute-token agreement, then title similarity.
 */
export function bestGroup<G extends { keys: MatchKey[] }>(key: MatchKey, groups: G[]): G | undefined {
  let best: G | undefined;
  let bestScore = -1;
  for (const group of groups) {
    let score = 0;
    let ok = true;
    for (const member of group.keys) {
      const d = decide(key, member);
      if (!d.same) {
        ok = false;
        break;
      }
      score = Math.max(score, d.by === "attributes" ? 1 + d.score : d.score);
    }
    if (ok && score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
}
