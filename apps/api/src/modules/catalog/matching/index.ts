/**
 * Offer matching: which offers across marketplaces are the same item (ADR 008). Pure functions,
 * no database; the catalog calls them on product writes and the bench measures them.
 */
export { isValidGtin, toGtin14 } from "./gtin.ts";
export { canonicalBrand, type KeyAttributes, keyAttributes, normalizeTitle } from "./normalize.ts";
export {
  bestGroup,
  conflictOf,
  decide,
  groupOffers,
  type MatchDecision,
  type MatchInput,
  type MatchKey,
  matchKeyOf,
  type OfferGroup,
  relationTokenOf,
  SIMILARITY_THRESHOLD,
  sameItem,
  similarity,
} from "./relation-token.ts";
