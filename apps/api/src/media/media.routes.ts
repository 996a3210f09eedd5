import { createHash } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotFoundError } from "../platform/errors.ts";
import { parseProductImageKey, renderProductImage } from "./product-image.ts";

export type MediaRoutesOptions = {
  /** Seconds browsers and proxies may keep an image; the content never changes for a key. */
  maxAgeSeconds?: number;
};

const ONE_YEAR = 365 * 24 * 60 * 60;

const ImageParams = z.object({ file: z.string().max(200).describe("<key>.svg") });

/** GET /media/products/:file — generated product pictures (SVG), deterministic from the key. */
export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (app, opts) => {
  const cacheControl = `public, max-age=${opts.maxAgeSeconds ?? ONE_YEAR}, immutable`;

  app
    .withTypeProvider<ZodTypeProvider>()
    .get("/media/products/:file", { schema: { hide: true, params: ImageParams } }, async (req, reply) => {
      const file = req.params.file;
      const key = file.endsWith(".svg") ? file.slice(0, -4) : undefined;
      const parsed = key === undefined ? undefined : parseProductImageKey(key);
      if (key === undefined || parsed === undefined) {
        throw new NotFoundError("IMAGE_NOT_FOUND", "No such product image");
      }
      const etag = `"${createHash("sha1").update(key).digest("base64url").slice(0, 16)}"`;
      reply
        .header("cache-control", cacheControl)
        .header("etag", etag)
        // Images are public and embedded by the storefront, which may run on another origin.
        .header("cross-origin-resource-policy", "cross-origin")
        // An SVG opened directly is a document: allow nothing but its own inline styles.
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      if (req.headers["if-none-match"] === etag) return reply.code(304).send();
      return reply.type("image/svg+xml; charset=utf-8").send(renderProductImage(key, parsed));
    });
};
