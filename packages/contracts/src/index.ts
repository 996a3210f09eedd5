export * from "./cart.ts";
export * from "./catalog.ts";
export * from "./common.ts";
export * from "./identity.ts";
export * from "./marketplaces.ts";
export * from "./payments.ts";
export * from "./wallet.ts";
