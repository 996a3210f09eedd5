/**
 * Title normalization and key attributes: what an offer's title says about *which* item it is,
 * with the words stores add to sell it (colours, "new", "free case", "2024 model") taken out.
 * Pure functions, no I/O: the same title always gives the same attributes.
 */

/** Brands spelt as one token after folding; multi-word brands are joined first (see MULTI_WORD_BRANDS). */
const BRANDS = new Set([
  "acer",
  "adidas",
  "amazfit",
  "amazon",
  "anker",
  "apple",
  "asus",
  "beats",
  "bose",
  "bruhm",
  "canon",
  "casio",
  "dell",
  "fitbit",
  "garmin",
  "google",
  "hisense",
  "hp",
  "huawei",
  "infinix",
  "itel",
  "jbl",
  "lenovo",
  "lg",
  "logitech",
  "microsoft",
  "mika",
  "newbalance",
  "nike",
  "nikon",
  "nintendo",
  "nokia",
  "oneplus",
  "oppo",
  "oraimo",
  "philips",
  "puma",
  "ramtons",
  "realme",
  "reebok",
  "samsung",
  "sandisk",
  "sony",
  "tcl",
  "tecno",
  "underarmour",
  "vivo",
  "vitron",
  "xiaomi",
]);

const MULTI_WORD_BRANDS: [RegExp, string][] = [
  [/\bnew balance\b/g, "newbalance"],
  [/\bunder armou?r\b/g, "underarmour"],
  [/\bhewlett[ -]packard\b/g, "hp"],
  [/\bone plus\b/g, "oneplus"],
];

/** Brand names stores write differently, and product lines that name their maker. */
const BRAND_ALIASES = new Map<string, string>(
  Object.entries({
    "apple inc": "apple",
    "samsung electronics": "samsung",
    "sony corporation": "sony",
    "xiaomi inc": "xiaomi",
    mi: "xiaomi",
    redmi: "xiaomi",
    poco: "xiaomi",
    iphone: "apple",
    ipad: "apple",
    macbook: "apple",
    airpods: "apple",
    imac: "apple",
    galaxy: "samsung",
    pixel: "google",
    playstation: "sony",
    ps5: "sony",
    xbox: "microsoft",
    surface: "microsoft",
    kindle: "amazon",
    thinkpad: "lenovo",
    ideapad: "lenovo",
    pavilion: "hp",
    inspiron: "dell",
    zenbook: "asus",
    vivobook: "asus",
    freebuds: "huawei",
    freepods: "oraimo",
  }),
);

/** Product-line words that take the number after them as the model ("iphone 15" → iphone15). */
const LINE_WORDS = new Set([
  "iphone",
  "ipad",
  "pixel",
  "spark",
  "camon",
  "pova",
  "hot",
  "note",
  "smart",
  "fold",
  "flip",
  "watch",
  "nord",
  "redmi",
  "freepods",
  "freebuds",
  "airpods",
  "ps",
  "tab",
  "xps",
  "buds",
]);

/** Editions that make a different item: a Pro is not the plain model, an Ultra not a Plus. */
const EDITION_WORDS = new Set([
  "pro",
  "max",
  "plus",
  "ultra",
  "mini",
  "air",
  "lite",
  "fe",
  "se",
  "neo",
  "prime",
  // GPS + Cellular is another watch or tablet than GPS (or Wi-Fi) alone.
  "cellular",
]);

/** Clothing sizes: another size is another item, as with shoes. */
const CLOTHING_SIZES = new Set(["xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl"]);

/**
 * Words every listing of a kind carries (category, condition, selling words): they say what kind of
 * thing it is, never which one, and would make any two sneakers or hoodies look alike.
 */
const GENERIC_WORDS = new Set([
  "sneakers",
  "sneaker",
  "shoes",
  "shoe",
  "trainers",
  "trainer",
  "running",
  "clothing",
  "apparel",
  "top",
  "quality",
  "smartwatch",
  "fitness",
  "headphones",
  "headphone",
  "earbuds",
  "wireless",
  "bluetooth",
  "laptop",
  "notebook",
  "tablet",
  "tv",
  "led",
  "appliance",
  "kitchen",
  "home",
  "accessory",
  "protective",
  "portable",
  "speaker",
  "used",
  "preowned",
  "pre",
  "owned",
  "refurbished",
  "renewed",
  "open",
  "box",
  "sealed",
]);

/** Colour words: the same item in another colour is, for price comparison, the same item. */
const COLOURS = new Set([
  "black",
  "white",
  "silver",
  "gold",
  "grey",
  "gray",
  "blue",
  "red",
  "green",
  "yellow",
  "purple",
  "pink",
  "orange",
  "brown",
  "beige",
  "violet",
  "lavender",
  "mint",
  "navy",
  "cream",
  "midnight",
  "starlight",
  "graphite",
  "titanium",
  "natural",
  "phantom",
  "onyx",
  "obsidian",
  "porcelain",
  "charcoal",
  "space",
  "rose",
  "coral",
  "cyan",
  "aqua",
  "jet",
  "matte",
  "glossy",
  "awesome",
  "iceblue",
  "lilac",
  "bronze",
  "copper",
  "platinum",
  "sky",
  "light",
  "dark",
  "deep",
  "cosmic",
  "volcanic",
  "mystic",
  "sierra",
  "core",
  "cloud",
  "collegiate",
  "triple",
  "smoke",
  "frost",
  "crystal",
  "clear",
  "heather",
  "sandstone",
  "olive",
  "lime",
  "ivory",
  "khaki",
  "burgundy",
  "maroon",
  "teal",
  "turquoise",
]);

/** Phrases stores add to sell, removed before anything else (longest first). */
const NOISE_PHRASES: RegExp[] = [
  /\bwith (?:a )?free (?:case|cover|gift|earphones|screen protector|charger|delivery|shipping)\b/g,
  /\bfree (?:case|cover|gift|earphones|screen protector|charger|delivery|shipping)\b/g,
  /\b(?:official|local|1 year|one year|2 years?|manufacturer'?s?) warranty\b/g,
  /\bwith warranty\b/g,
  /\bbrand new\b/g,
  /\bhot (?:sale|deal|offer)\b/g,
  /\bbest (?:price|seller|deal)\b/g,
  /\blimited (?:offer|stock)\b/g,
  /\bdual sim\b/g,
  /\b(?:ultra|full) hd\b/g,
  /\bultra high definition\b/g,
  /\bfast charg(?:e|ing)\b/g,
  /\bfactory unlocked\b/g,
  /\b(?:20[0-3]\d|19\d\d) (?:model|version|edition|release)\b/g,
  /\bnew (?:model|version|arrival|release)\b/g,
];

/** Single words that say nothing about which item it is. */
const STOPWORDS = new Set([
  "a",
  "an",
  "and",
  "the",
  "of",
  "for",
  "with",
  "by",
  "on",
  "to",
  "in",
  "x",
  "new",
  "latest",
  "original",
  "genuine",
  "authentic",
  "official",
  "unlocked",
  "sealed",
  "sale",
  "offer",
  "deal",
  "best",
  "free",
  "edition",
  "version",
  "model",
  "smartphone",
  "phone",
  "mobile",
  "cellphone",
  "cell",
  "android",
  "ios",
  "4g",
  "5g",
  "3g",
  "lte",
  "esim",
  "sim",
  "dual",
  "wifi",
  "gps",
  "ram",
  "rom",
  "memory",
  "storage",
  "internal",
  "gb",
  "tb",
  "inch",
  "inches",
  "size",
  "eu",
  "uk",
  "us",
  "series",
  "gen",
  "generation",
  "pack",
  "colour",
  "color",
  "camera",
  "mp",
  "battery",
  "display",
  "screen",
  "inclusive",
  "vat",
  "kenya",
  "ke",
  "pcs",
  "chip",
  "4k",
  "8k",
  "uhd",
  "fhd",
  "hd",
  "1080p",
  "720p",
]);

/**
 * Words that make a listing an accessory for an item wherever they stand in its title, with the
 * kind of accessory each names (a "case" and a "cover" for a phone are the same kind of thing).
 */
const ACCESSORY_WORDS = new Map<string, string>(
  Object.entries({
    cover: "case",
    skin: "case",
    sleeve: "case",
    protector: "protector",
    strap: "band",
    holder: "mount",
    mount: "mount",
    replacement: "part",
  }),
);

/**
 * Words that name an accessory only before "for"/"compatible" ("Silicone Case for iPhone 15"):
 * elsewhere they are part of the item ("Aluminium Case", "Sport Band", "Portable Charger").
 */
const WEAK_ACCESSORY_WORDS = new Map<string, string>(
  Object.entries({
    case: "case",
    bag: "case",
    band: "band",
    charger: "charger",
    cable: "charger",
    adapter: "charger",
    stand: "mount",
    dock: "mount",
  }),
);

const UNIT_TOKEN = /^\d+(?:\.\d+)?(?:gb|tb|mb|mah|mm|cm|w|hz|mp|l|ml|kg|in|v)$/;
const YEAR_TOKEN = /^(?:19\d\d|20[0-3]\d)$/;

/** Lowercase, accents removed, "&" spelt out: the text every other step works on. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[‐‑‒–—−]/g, "-")
    .replace(/[“”″]/g, '"')
    .replace(/&/g, " and ");
}

/**
 * The folded title with units written one way ("128 GB", "128-gb" → 128gb; 6.1", 6.1-inch →
 * 6.1in), memory+storage pairs spelt out ("8/256GB" → 8gb ram 256gb), "S24+" → s24 plus, hyphens
 * inside model numbers dropped (wh-1000xm5 → wh1000xm5), multi-word brands joined, marketing
 * phrases removed and punctuation turned into spaces.
 */
export function normalizeTitle(title: string): string {
  let t = fold(title);
  for (const [re, joined] of MULTI_WORD_BRANDS) t = t.replace(re, joined);
  for (const re of NOISE_PHRASES) t = t.replace(re, " ");
  t = t
    .replace(/(\d),(\d{3})(?!\d)/g, "$1$2")
    .replace(/\bwi-?fi\s*\d(?:e\b|(?![\d.]))/g, " wifi ")
    // "RAM 8GB" → 8gb ram, but not the "RAM" of "4GB RAM 64GB".
    .replace(/(?<!gb\s?)\b(?:ram|memory)\s*:?\s*(\d{1,2})\s*gb\b/g, " $1gb ram ")
    // "8/256GB", "8GB+256GB", "8 + 256 gb": the smaller is memory.
    .replace(/\b(\d{1,2})\s*(?:gb)?\s*[+/]\s*(\d{2,4})\s*(gb|tb)\b/g, "$1gb ram $2$3")
    .replace(/\b(\d+(?:\.\d+)?)\s*(?:"|''|-?\s*inch(?:es)?\b|-?\s*in\b(?!\s*\d))/g, " $1in ")
    .replace(/\b(\d+(?:\.\d+)?)\s*-?\s*(gb|tb|mb|mah|mm|cm|w|hz|mp|l|ml|kg|v)\b/g, "$1$2")
    .replace(/\b(\d+)\s*-?\s*(?:pack|pk|pcs|pieces|count|ct)\b/g, " pack$1 ")
    .replace(/\bpack of (\d+)\b/g, " pack$1 ")
    .replace(/\b(\d+)(?:st|nd|rd|th)\s*gen(?:eration)?\b/g, " gen$1 ")
    .replace(/\bgen(?:eration)?\s*(\d+)\b/g, " gen$1 ")
    // "5000 Series" (a maker's range) and "Series 9"; never the 6 of "Series 6.2 L".
    .replace(/\b(\d+)\s*series\b/g, " series$1 ")
    .replace(/\bseries\s*(\d+)\b(?!\.\d)/g, " series$1 ")
    .replace(/\b(?:men'?s?|male|gents?)\b/g, " audiencemen ")
    .replace(/\b(?:women'?s?|ladies|lady|female)\b/g, " audiencewomen ")
    .replace(/\b(?:kids'?|boys'?|girls'?|children'?s?|junior)\b/g, " audiencekids ")
    .replace(/\b(?:size|eu|uk|us)\s+(\d+(?:\.\d)?)\b/g, (_m, n: string) => ` size${n} `)
    .replace(/([a-z0-9])\+(?=\s|$|[^a-z0-9])/g, "$1 plus ")
    .replace(/([a-z0-9])-(?=[a-z0-9])/g, "$1")
    .replace(/[^a-z0-9.]+/g, " ")
    .replace(/(?<!\d)\.|\.(?!\d)/g, " ");
  return t.trim().replace(/\s+/g, " ");
}

/** A brand name as the matcher compares it ("Apple Inc." → apple, "Hewlett-Packard" → hp). */
export function canonicalBrand(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let b = fold(raw)
    .replace(/[^a-z0-9 ]+/g, " ")
    .trim()
    .replace(/\s+/g, " ");
  for (const [re, joined] of MULTI_WORD_BRANDS) b = b.replace(re, joined);
  if (!b) return undefined;
  const alias = BRAND_ALIASES.get(b);
  if (alias) return alias;
  return b.replace(/ /g, "");
}

export type KeyAttributes = {
  /** Canonical brand, from the offer's own brand field or the title. */
  brand?: string;
  /** Model tokens (line + number, or letters-and-digits codes), sorted. */
  model: string[];
  storageGb?: number;
  memoryGb?: number;
  screenIn?: number;
  /** Case or body size in mm (watches). */
  sizeMm?: number;
  /** Clothing/shoe size ("size42"). */
  size?: string;
  /** Who it is cut for: men, women or kids (shoes, clothes). */
  audience?: string;
  /** Capacity with its unit: power banks (mAh), fridges (l), washers (kg), chargers (w). */
  capacity: string[];
  series?: number;
  generation?: number;
  /** pro, max, plus, ultra, mini, air, lite, fe, se, neo, prime: sorted, no repeats. */
  editions: string[];
  /** Items per pack; 1 when the title says nothing. */
  pack: number;
  /**
   * What an accessory is for: the model, edition, generation and series words after "for"
   * ("case for Galaxy S24 Ultra" → s24 ultra). Undefined when the title has no "for".
   */
  target?: string;
  /** The kind of accessory (case, band, charger, mount, protector, part) when the listing is one for an item. */
  accessory?: string;
  /** Colour words seen (not a key attribute: kept for display and debugging). */
  colours: string[];
  /** Words left after units, colours and noise are taken out: what similarity compares. */
  words: string[];
};

function sizeInGb(token: string): number {
  const m = /^(\d+(?:\.\d+)?)(gb|tb)$/.exec(token);
  if (!m) return Number.NaN;
  return m[2] === "tb" ? Number(m[1]) * 1024 : Number(m[1]);
}

/**
 * Key attributes of a title. `brand` from the store (when it sent one) wins over the title;
 * otherwise a known brand or product line in the title, else its first plain word.
 */
export function keyAttributes(title: string, brandHint?: string | null): KeyAttributes {
  const tokens = normalizeTitle(title).split(" ").filter(Boolean);
  const model = new Set<string>();
  const capacity = new Set<string>();
  const editions = new Set<string>();
  const colours = new Set<string>();
  const words: string[] = [];
  const gbSizes: number[] = [];
  const ramSizes: number[] = [];
  let brand = canonicalBrand(brandHint);
  let titleBrand: string | undefined;
  let screenIn: number | undefined;
  let sizeMm: number | undefined;
  let size: string | undefined;
  let series: number | undefined;
  let generation: number | undefined;
  let pack = 1;
  let audience: string | undefined;
  let accessory: string | undefined;
  const forAt = tokens.findIndex((t) => t === "for" || t === "compatible");

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const next = tokens[i + 1];
    let m: RegExpExecArray | null;
    if (YEAR_TOKEN.test(tok)) continue;
    if (/^\d+(?:\.\d+)?(?:gb|tb)$/.test(tok)) {
      const isRam = next === "ram" || next === "memory";
      (isRam ? ramSizes : gbSizes).push(sizeInGb(tok));
      continue;
    }
    m = /^(\d+(?:\.\d+)?)in$/.exec(tok);
    if (m) {
      screenIn = Number(m[1]);
      continue;
    }
    m = /^(\d+)mm$/.exec(tok);
    if (m) {
      sizeMm = Number(m[1]);
      continue;
    }
    m = /^size(\d+(?:\.\d)?)$/.exec(tok);
    if (m) {
      size = m[1];
      continue;
    }
    m = /^audience([a-z]+)$/.exec(tok);
    if (m) {
      audience = m[1];
      continue;
    }
    m = /^series(\d+)$/.exec(tok);
    if (m) {
      series = Number(m[1]);
      continue;
    }
    m = /^gen(\d+)$/.exec(tok);
    if (m) {
      generation = Number(m[1]);
      continue;
    }
    m = /^pack(\d+)$/.exec(tok);
    if (m) {
      pack = Number(m[1]);
      continue;
    }
    if (/^\d+(?:\.\d+)?(?:mah|l|kg|w)$/.test(tok)) {
      capacity.add(tok);
      continue;
    }
    if (UNIT_TOKEN.test(tok)) continue; // mb, cm, hz, mp, ml, v: not what tells two items apart here
    if (COLOURS.has(tok)) {
      colours.add(tok);
      continue;
    }
    if (STOPWORDS.has(tok)) continue;
    if (CLOTHING_SIZES.has(tok) && !size) {
      size = tok;
      continue;
    }
    accessory ??= ACCESSORY_WORDS.get(tok) ?? (i < forAt ? WEAK_ACCESSORY_WORDS.get(tok) : undefined);
    if (BRANDS.has(tok)) {
      titleBrand ??= tok;
      continue;
    }
    const alias = BRAND_ALIASES.get(tok);
    if (alias) titleBrand ??= alias;
    if (EDITION_WORDS.has(tok)) {
      editions.add(tok);
      words.push(tok);
      continue;
    }
    if (LINE_WORDS.has(tok) && next && /^\d+[a-z]?$/.test(next) && !YEAR_TOKEN.test(next)) {
      model.add(`${tok}${next}`);
      words.push(`${tok}${next}`);
      i++;
      continue;
    }
    if (/\d/.test(tok)) {
      model.add(tok);
      words.push(tok);
      continue;
    }
    if (!GENERIC_WORDS.has(tok)) words.push(tok);
  }

  let target: string | undefined;
  if (forAt >= 0) {
    const after = keyAttributes(tokens.slice(forAt + 1).join(" "));
    const parts = [...after.model, ...after.editions];
    if (after.generation !== undefined) parts.push(`gen${after.generation}`);
    if (after.series !== undefined) parts.push(`series${after.series}`);
    if (parts.length > 0) target = parts.join(" ");
  }

  if (!brand) brand = titleBrand;
  if (!brand) {
    // First-token heuristic: a store's title usually starts with the maker's name.
    const first = tokens.find((t) => !STOPWORDS.has(t) && !COLOURS.has(t));
    if (first && /^[a-z][a-z]+$/.test(first) && !EDITION_WORDS.has(first) && !ACCESSORY_WORDS.has(first)) {
      brand = first;
    }
  }
  const wordsOut = words.filter((w) => w !== brand);
  // Two sizes and no "RAM" said ("128GB 8GB"): the smaller is the memory.
  if (ramSizes.length === 0 && gbSizes.length >= 2) ramSizes.push(Math.min(...gbSizes));
  const storageGb = gbSizes.length ? Math.max(...gbSizes) : undefined;
  const memoryGb = ramSizes.length ? Math.max(...ramSizes) : undefined;
  return {
    ...(brand ? { brand } : {}),
    model: [...model].sort(),
    ...(storageGb !== undefined ? { storageGb } : {}),
    ...(memoryGb !== undefined ? { memoryGb } : {}),
    ...(screenIn !== undefined ? { screenIn } : {}),
    ...(sizeMm !== undefined ? { sizeMm } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(audience !== undefined ? { audience } : {}),
    capacity: [...capacity].sort(),
    ...(series !== undefined ? { series } : {}),
    ...(generation !== undefined ? { generation } : {}),
    editions: [...editions].sort(),
    pack,
    ...(accessory ? { accessory } : {}),
    ...(target ? { target } : {}),
    colours: [...colours].sort(),
    words: [...new Set(wordsOut)],
  };
}

/** Normalized words of a title (no colours, units, noise or stopwords), for similarity. */
export function titleWords(title: string): string[] {
  return keyAttributes(title).words;
}
