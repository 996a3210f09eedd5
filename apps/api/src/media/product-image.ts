import { createHash } from "node:crypto";

/**
 * Generated product pictures. The image is a pure function of its key
 * `<glyph>--<brand-slug>--<model-slug>`, so any process can render it without a database and
 * the URL can be cached forever.
 */

export const GLYPHS = [
  "phone",
  "laptop",
  "tv",
  "headphones",
  "appliance",
  "pot",
  "shoe",
  "shirt",
  "watch",
  "bottle",
  "dumbbell",
  "tent",
  "box",
] as const;
/** A category-appropriate line drawing shown on the picture. */
export type Glyph = (typeof GLYPHS)[number];

const SLUG_PART = "[a-z0-9]+(?:-[a-z0-9]+)*";
const KEY_RE = new RegExp(`^(${GLYPHS.join("|")})--(${SLUG_PART})--(${SLUG_PART})$`);
// Fastify's router refuses parameters over 100 characters; issued keys stay below with ".svg".
const MAX_KEY_LENGTH = 96;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/["']/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export function productImageKey(glyph: Glyph, brand: string, model: string): string {
  return `${glyph}--${slugify(brand) || "brand"}--${slugify(model) || "item"}`;
}

export function productImagePath(key: string): string {
  return `/media/products/${key}.svg`;
}

export type ParsedImageKey = { glyph: Glyph; brand: string; model: string };

/** The key's parts, or undefined when it is not a key this service could have issued. */
export function parseProductImageKey(key: string): ParsedImageKey | undefined {
  if (key.length > MAX_KEY_LENGTH) return undefined;
  const m = KEY_RE.exec(key);
  if (!m) return undefined;
  return { glyph: m[1] as Glyph, brand: titleFromSlug(m[2] ?? ""), model: titleFromSlug(m[3] ?? "") };
}

const SPECIAL_WORDS: Record<string, string> = {
  iphone: "iPhone",
  ipad: "iPad",
  macbook: "MacBook",
  hp: "HP",
  lg: "LG",
  tv: "TV",
  jbl: "JBL",
  tcl: "TCL",
  uhd: "UHD",
  oled: "OLED",
  qled: "QLED",
  trx: "TRX",
  ors: "ORS",
  hm: "H&M",
  se: "SE",
  og: "OG",
  "5g": "5G",
};

function titleFromSlug(slug: string): string {
  return slug
    .split("-")
    .map(
      (w) => SPECIAL_WORDS[w] ?? (/\d/.test(w) && w.length <= 6 ? w.toUpperCase() : w[0]?.toUpperCase() + w.slice(1)),
    )
    .join(" ");
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Splits text into at most `maxLines` lines of about `width` characters, with an ellipsis if cut. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  const words = text.split(" ");
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= width || !current) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) {
      current = "";
      const last = lines[maxLines - 1] ?? "";
      lines[maxLines - 1] = `${last.slice(0, width - 1)}…`;
      break;
    }
  }
  if (current) lines.push(current);
  return lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
}

// Simple line drawings on a 200×200 box, stroked in the accent colour.
const GLYPH_SHAPES: Record<Glyph, string> = {
  phone: `<rect x="62" y="20" width="76" height="150" rx="14"/><line x1="88" y1="36" x2="112" y2="36"/><circle cx="100" cy="152" r="6"/>`,
  laptop: `<rect x="40" y="40" width="120" height="80" rx="6"/><path d="M22 132h156l-12 18H34z"/>`,
  tv: `<rect x="22" y="32" width="156" height="100" rx="6"/><path d="M80 160h40M100 132v28"/>`,
  headphones: `<path d="M40 120v-20a60 60 0 0 1 120 0v20"/><rect x="30" y="112" width="28" height="50" rx="10"/><rect x="142" y="112" width="28" height="50" rx="10"/>`,
  appliance: `<rect x="50" y="20" width="100" height="160" rx="8"/><path d="M50 78h100M66 40v20M66 96v30"/>`,
  pot: `<path d="M36 80h128v56a24 24 0 0 1-24 24H60a24 24 0 0 1-24-24z"/><path d="M20 90h16M164 90h16M70 64h60"/>`,
  shoe: `<path d="M24 132V78l34 10 30 22 48 10c22 4 40 10 40 22v10H24z"/><path d="M24 152h152"/>`,
  shirt: `<path d="M70 30l-40 24 16 30 18-8v94h72V76l18 8 16-30-40-24c-4 12-16 20-30 20s-26-8-30-20z"/>`,
  watch: `<circle cx="100" cy="100" r="42"/><path d="M80 62l6-40h28l6 40M80 138l6 40h28l6-40M100 76v24l16 12"/>`,
  bottle: `<path d="M84 20h32v24l14 18v104a14 14 0 0 1-14 14H84a14 14 0 0 1-14-14V62l14-18z"/><path d="M70 96h60"/>`,
  dumbbell: `<path d="M56 100h88"/><rect x="30" y="66" width="26" height="68" rx="6"/><rect x="144" y="66" width="26" height="68" rx="6"/><path d="M18 84v32M182 84v32"/>`,
  tent: `<path d="M100 30L20 164h160z"/><path d="M100 30v134M80 164l20-40 20 40"/>`,
  box: `<path d="M100 24l70 34v84l-70 34-70-34V58z"/><path d="M30 58l70 34 70-34M100 92v84"/>`,
};

/** Renders the SVG for a parsed key: a pastel tile, a category glyph, and the brand and model. */
export function renderProductImage(key: string, parsed: ParsedImageKey): string {
  const hash = createHash("sha1").update(key).digest().readUInt32BE(0);
  const hue = hash % 360;
  const hue2 = (hue + 25 + ((hash >>> 9) % 40)) % 360;
  const bgFrom = `hsl(${hue} 70% 93%)`;
  const bgTo = `hsl(${hue2} 65% 84%)`;
  const accent = `hsl(${hue} 55% 32%)`;
  const brand = escapeXml(wrap(parsed.brand, 22, 1)[0] ?? "");
  const modelLines = wrap(parsed.model, 18, 2);
  const modelText = modelLines
    .map((line, i) => `<tspan x="200" dy="${i === 0 ? 0 : 34}">${escapeXml(line)}</tspan>`)
    .join("");
  const modelY = modelLines.length > 1 ? 300 : 316;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${brand} ${escapeXml(parsed.model)}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bgFrom}"/><stop offset="1" stop-color="${bgTo}"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#bg)"/>
<g transform="translate(130 40) scale(0.7)" fill="none" stroke="${accent}" stroke-width="8" stroke-linecap="round" stroke-linejoin="round">${GLYPH_SHAPES[parsed.glyph]}</g>
<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" text-anchor="middle" fill="${accent}">
<text x="200" y="${modelY - 44}" font-size="22" letter-spacing="2" opacity="0.8">${brand.toUpperCase()}</text>
<text x="200" y="${modelY}" font-size="30" font-weight="700">${modelText}</text>
</g>
</svg>
`;
}
