import type { FastifyInstance } from "fastify";
import { findListing, type Market } from "./listings.ts";
import { fnv1a } from "./prng.ts";

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** A square picture of the listing (its title on a colour of its own), so the demo shows images offline. */
export function listingSvg(title: string): string {
  const hue = fnv1a(title) % 360;
  const lines = title.match(/.{1,22}(\s|$)/g)?.slice(0, 4) ?? [title];
  const text = lines
    .map((line, i) => `<text x="150" y="${120 + i * 26}" text-anchor="middle">${escapeXml(line.trim())}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300"><rect width="300" height="300" fill="hsl(${hue} 45% 88%)"/><g font-family="sans-serif" font-size="18" fill="hsl(${hue} 40% 25%)">${text}</g></svg>`;
}

/** `GET /img/:id.svg`: the picture of `market`'s listing `id`. */
export function registerImageRoute(app: FastifyInstance, market: Market): void {
  app.get<{ Params: { file: string } }>("/img/:file", async (req, reply) => {
    const id = req.params.file.replace(/\.svg$/, "");
    const listing = findListing(market, id);
    if (!listing) return reply.code(404).type("text/plain").send("no such image");
    return reply.type("image/svg+xml").header("cache-control", "public, max-age=86400").send(listingSvg(listing.title));
  });
}
