export * from "./common.ts";
export * from "./identity.ts";
