export { type MediaRoutesOptions, mediaRoutes } from "./media.routes.ts";
export { GLYPHS, type Glyph, productImageKey, productImagePath } from "./product-image.ts";
