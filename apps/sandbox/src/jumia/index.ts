export {
  JUMIA_API_KEY_HEADER,
  JUMIA_CATEGORIES,
  JUMIA_DEV_API_KEY,
  JUMIA_SORTS,
  type JumiaOptions,
  type JumiaSimulator,
  startJumia,
} from "./server.ts";
