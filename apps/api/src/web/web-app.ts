import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";

export type WebAppOptions = {
  /** The built storefront (apps/web/dist): index.html and assets/. */
  root: string;
};

/** Where `npm run build:web` writes the storefront. */
export const WEB_DIST = path.resolve(import.meta.dirname, "../../../web/dist");

/** Paths the storefront never owns: they keep the API's problem+json 404. */
const NOT_SPA = /^\/(api|media)(\/|$)|^\/(healthz|readyz|metrics)$/;

/** Whether a build of the storefront is there to serve. */
export function hasWebBuild(root: string = WEB_DIST): boolean {
  return existsSync(path.join(root, "index.html"));
}

/**
 * Serves the built storefront from the API process: hashed assets cached for a year, and
 * index.html (never cached) for every other GET that is not the API's, so deep links such as
 * /products/<id> load the app, which routes on the client.
 */
export const webApp: FastifyPluginAsync<WebAppOptions> = async (app, { root }) => {
  const indexHtml = readFileSync(path.join(root, "index.html"));
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: false,
    // scripts/build-web.mjs writes .br and .gz beside the larger assets.
    preCompressed: true,
    // Vite names what it emits under assets/ by content hash: those never change.
    cacheControl: false,
    setHeaders: (reply, file) => {
      const immutable = file.startsWith(path.join(root, "assets") + path.sep);
      reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });

  const sendIndex = (reply: FastifyReply) =>
    reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(indexHtml);

  app.get("/", { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.get("/*", { schema: { hide: true } }, (req, reply) => {
    const pathname = req.url.split("?")[0] ?? "/";
    // Unknown API routes, and missing files (a path with an extension), stay 404s.
    if (NOT_SPA.test(pathname) || /\.[a-z0-9]+$/i.test(pathname)) return reply.callNotFound();
    return sendIndex(reply);
  });
};
