import { groupOffers, type MatchInput, matchKeyOf } from "./relation-token.ts";

/** An offer whose true item is known. */
export type Labelled = MatchInput & { item: string };

/** Precision and recall of a grouping over every pair of labelled offers. */
export type MatchingScore = {
  offers: number;
  items: number;
  groups: number;
  /** Pairs labelled the same item / not the same item. */
  samePairs: number;
  differentPairs: number;
  /** Pairs not the same item whose offers share a brand: the ones a matcher can get wrong. */
  hardNegatives: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** The wrongly joined and wrongly split pairs, for reading. */
  mistakes: { kind: "joined" | "split"; a: Labelled; b: Labelled }[];
};

/**
 * Groups the offers with `groupOffers` and counts, over all pairs, those put in one group that
 * are one item (true positives), put together but different (false positives) and one item but
 * split (false negatives). Precision = TP / (TP + FP); recall = TP / (TP + FN).
 */
export function scoreMatching(offers: Labelled[]): MatchingScore {
  const groups = groupOffers(offers);
  const groupOf = new Map<Labelled, number>();
  groups.forEach((g, i) => {
    for (const m of g.members) groupOf.set(m, i);
  });
  const brands = offers.map((o) => matchKeyOf(o).attrs.brand);
  let samePairs = 0;
  let differentPairs = 0;
  let hardNegatives = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: MatchingScore["mistakes"] = [];
  for (let i = 0; i < offers.length; i++) {
    for (let j = i + 1; j < offers.length; j++) {
      const a = offers[i] as Labelled;
      const b = offers[j] as Labelled;
      const truth = a.item === b.item;
      const predicted = groupOf.get(a) === groupOf.get(b);
      if (truth) samePairs++;
      else {
        differentPairs++;
        if (brands[i] && brands[i] === brands[j]) hardNegatives++;
      }
      if (truth && predicted) tp++;
      else if (!truth && predicted) {
        fp++;
        mistakes.push({ kind: "joined", a, b });
      } else if (truth && !predicted) {
        fn++;
        mistakes.push({ kind: "split", a, b });
      }
    }
  }
  return {
    offers: offers.length,
    items: new Set(offers.map((o) => o.item)).size,
    groups: groups.length,
    samePairs,
    differentPairs,
    hardNegatives,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    mistakes,
  };
}
