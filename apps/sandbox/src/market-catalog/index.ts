export { listingSvg, registerImageRoute } from "./images.ts";
export {
  type Condition,
  findListing,
  type Listing,
  listingsOf,
  MARKETS,
  type Market,
  universeItemIdOf,
  universeItemOf,
} from "./listings.ts";
export { CATEGORIES, type Category, PRODUCT_LINES, type ProductLine } from "./models.ts";
export { keywordIndex, searchListings, tokens, warmUp } from "./search.ts";
export {
  createSwitches,
  DEFAULT_MODE,
  GARBLED_BODY,
  registerSwitchRoutes,
  type SimMode,
  SimModeInput,
  type Switches,
} from "./switches.ts";
export { findUniverseItem, gtinCheckDigit, isValidGtin, type UniverseItem, universe } from "./universe.ts";
