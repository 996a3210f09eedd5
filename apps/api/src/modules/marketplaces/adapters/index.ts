// Public face of the adapters: the marketplaces module's index.ts re-exports what others need.
export type * from "./adapter.ts";
export { logDropped, SEARCH_SORTS } from "./adapter.ts";
export { ADAPTER_KINDS, type AdapterDeps, type AdapterMarketplace, createAdapter } from "./create-adapter.ts";
export { GenericMapping } from "./generic/generic.adapter.ts";
export { JUMIA_MAPPING } from "./generic/jumia.mapping.ts";
export { type AdapterPool, createAdapterPool, type PoolSettings } from "./pool.ts";
export { createThrottleRegistry, type ThrottleRegistry } from "./throttle.ts";
