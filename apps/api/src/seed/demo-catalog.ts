/**
 * The raw material of the demo shop: a category tree and, per leaf category, the brands, product
 * lines, variant dimensions and description phrases that demo-data.ts combines into items.
 * Prices are typical Nairobi shelf prices in KES; other currencies derive from them.
 */

import type { Glyph } from "../media/index.ts";

/** A product line: brand, model, base price in KES (whole shillings), and where it is sold. */
export type Line = {
  brand: string;
  model: string;
  priceKes: number;
  /** Sold only in Kenya (house store and Jumia): local brands Amazon and eBay do not carry. */
  local?: boolean;
  glyph?: Glyph;
};

/** One variant dimension: options as "label" or "label|price multiplier". */
export type Dimension = readonly string[];

export type Leaf = {
  slug: string;
  name: string;
  parent: string;
  glyph: Glyph;
  lines: readonly Line[];
  dimensions: readonly Dimension[];
  /** Words placed between the model and the variants ("Running Shoes", "Smart TV"). */
  noun?: (line: Line) => string;
  /** Optional trailing qualifiers, at most one per item. */
  extras: readonly string[];
  /** Description sentences; {name}, {brand}, {model} are filled in. The first is the lead. */
  leads: readonly string[];
  features: readonly string[];
};

export type ParentCategory = { slug: string; name: string; description: string };

export const PARENT_CATEGORIES: readonly ParentCategory[] = [
  { slug: "electronics", name: "Electronics", description: "Phones, computers, TVs and audio." },
  { slug: "home-kitchen", name: "Home & Kitchen", description: "Appliances and cookware for every kitchen." },
  { slug: "fashion", name: "Fashion", description: "Shoes, clothing, watches and accessories." },
  { slug: "health-beauty", name: "Health & Beauty", description: "Skincare and hair care." },
  { slug: "sports-outdoors", name: "Sports & Outdoors", description: "Fitness gear and camping equipment." },
];

const l = (brand: string, model: string, priceKes: number, extra: Partial<Line> = {}): Line => ({
  brand,
  model,
  priceKes,
  ...extra,
});
const local = { local: true } as const;

export const LEAVES: readonly Leaf[] = [
  {
    slug: "phones-tablets",
    name: "Phones & Tablets",
    parent: "electronics",
    glyph: "phone",
    lines: [
      l("Samsung", "Galaxy A15", 19_999),
      l("Samsung", "Galaxy A25 5G", 31_499),
      l("Samsung", "Galaxy A55", 52_999),
      l("Samsung", "Galaxy S24", 109_999),
      l("Samsung", "Galaxy Tab A9", 24_999),
      l("Apple", "iPhone 13", 74_999),
      l("Apple", "iPhone 15", 119_999),
      l("Apple", "iPhone 15 Pro", 159_999),
      l("Apple", "iPad 10th Gen", 64_999),
      l("Tecno", "Spark 20 Pro", 18_499),
      l("Tecno", "Camon 30", 29_999),
      l("Tecno", "Pova 6 Pro", 27_499),
      l("Infinix", "Hot 40i", 14_999),
      l("Infinix", "Note 40", 26_999),
      l("Xiaomi", "Redmi Note 13", 24_499),
      l("Xiaomi", "Redmi 13C", 13_999),
      l("Nokia", "G42 5G", 21_999),
      l("Oppo", "A79 5G", 28_999),
      l("Google", "Pixel 8", 89_999),
      l("Neon", "Ray Pro", 6_999, local),
    ],
    dimensions: [
      ["64GB|0.88", "128GB", "256GB|1.18"],
      ["Black", "Midnight Blue", "Mint Green", "Silver", "Gold"],
    ],
    extras: ["Dual SIM", "4G LTE", "Unlocked", "with Free Case", "(2024)"],
    leads: [
      "The {name} brings a bright display and all-day battery life at a fair price.",
      "{brand}'s {model} is a dependable everyday phone with a sharp camera and smooth performance.",
      "Stay connected with the {model}: a big screen, fast charging and plenty of storage.",
    ],
    features: [
      "Fast charging gets you from empty to half full in about 30 minutes.",
      "The main camera takes clear photos even in low light.",
      "Dual SIM lets you keep Safaricom and Airtel lines in one phone.",
      "Ships with a charger, a USB-C cable and a clear case.",
      "Comes with a one-year manufacturer warranty.",
    ],
  },
  {
    slug: "laptops-computers",
    name: "Laptops & Computers",
    parent: "electronics",
    glyph: "laptop",
    lines: [
      l("HP", "EliteBook 840 G8", 64_999),
      l("HP", "ProBook 450 G10", 82_999),
      l("HP", "Pavilion 15", 74_999),
      l("Lenovo", "ThinkPad T14", 89_999),
      l("Lenovo", "IdeaPad Slim 3", 59_999),
      l("Dell", "Latitude 5420", 57_999),
      l("Dell", "Inspiron 15 3520", 66_999),
      l("Dell", "XPS 13", 159_999),
      l("Apple", "MacBook Air M2", 139_999),
      l("Apple", "MacBook Pro 14 M3", 229_999),
      l("Asus", "VivoBook 15", 54_999),
      l("Acer", "Aspire 5", 62_999),
    ],
    dimensions: [
      ["Core i5|1", "Core i7|1.22", "Ryzen 5|0.95"],
      ["8GB RAM|0.9", "16GB RAM|1.1", "32GB RAM|1.3"],
      ["256GB SSD|0.92", "512GB SSD", "1TB SSD|1.15"],
    ],
    noun: () => "Laptop",
    extras: ["Windows 11 Pro", "Backlit Keyboard", "Refurbished", "with Laptop Bag"],
    leads: [
      "The {name} is a light, well-built laptop for work, study and travel.",
      "{brand}'s {model} pairs a comfortable keyboard with a crisp full-HD screen.",
      "A fast, quiet laptop: the {model} boots in seconds and lasts a full working day.",
    ],
    features: [
      "The SSD makes start-up and file transfers quick.",
      "A full set of ports: USB-C, USB-A, HDMI and a headphone jack.",
      "Wi-Fi 6 and Bluetooth 5 are built in.",
      "The anti-glare screen is easy on the eyes during long sessions.",
      "Comes with a one-year warranty and a charger.",
    ],
  },
  {
    slug: "televisions",
    name: "Televisions",
    parent: "electronics",
    glyph: "tv",
    lines: [
      l("Samsung", "Crystal UHD 4K Smart TV", 54_999),
      l("Samsung", "QLED Q60D Smart TV", 84_999),
      l("LG", "UHD 4K webOS Smart TV", 52_999),
      l("LG", "OLED evo C3 TV", 219_999),
      l("Hisense", "A6 4K Smart TV", 39_999),
      l("TCL", "P635 Google TV", 37_999),
      l("Sony", "Bravia X75L 4K TV", 69_999),
      l("Vitron", "Frameless Android TV", 18_999, local),
      l("Skyworth", "Smart Android TV", 22_999, local),
    ],
    dimensions: [['32"|0.55', '43"|0.8', '50"|0.9', '55"', '65"|1.45']],
    extras: ["2024 Model", "with Wall Mount", "Dolby Audio", "Frameless"],
    leads: [
      "The {name} delivers a sharp, bright picture for movies, football and gaming.",
      "{brand}'s {model} is a crowd favourite for its clear picture and easy setup.",
      "Upgrade your living room with the {model}.",
    ],
    features: [
      "Netflix, YouTube and Showmax are a click away.",
      "HDR support brings out detail in bright and dark scenes.",
      "Three HDMI ports for a decoder, a console and a soundbar.",
      "Low power use keeps electricity bills down.",
    ],
  },
  {
    slug: "audio",
    name: "Audio & Headphones",
    parent: "electronics",
    glyph: "headphones",
    lines: [
      l("Sony", "WH-1000XM5 Headphones", 44_999),
      l("Sony", "HT-S400 Soundbar", 32_999),
      l("JBL", "Tune 520BT Headphones", 7_499),
      l("JBL", "Flip 6 Bluetooth Speaker", 15_999),
      l("JBL", "PartyBox 110 Speaker", 49_999),
      l("Apple", "AirPods Pro 2nd Gen", 36_999),
      l("Samsung", "Galaxy Buds FE", 11_999),
      l("Anker", "Soundcore Life Q30 Headphones", 10_999),
      l("Oraimo", "FreePods 4 Earbuds", 3_999, local),
      l("Bose", "QuietComfort Ultra Headphones", 59_999),
    ],
    dimensions: [["Black", "White", "Blue", "Midnight Grey"]],
    extras: ["Bluetooth 5.3", "Noise Cancelling|1.1", "with Carry Case"],
    leads: [
      "The {name} delivers rich, balanced sound wherever you go.",
      "{brand}'s {model} is loved for its clear sound and long battery life.",
      "Music, calls and podcasts sound better on the {model}.",
    ],
    features: [
      "Bluetooth pairing is quick and remembers your devices.",
      "Up to 30 hours of playback on one charge.",
      "Active noise cancelling quiets matatu and office noise.",
      "A built-in microphone for clear calls.",
    ],
  },
  {
    slug: "kitchen-appliances",
    name: "Kitchen Appliances",
    parent: "home-kitchen",
    glyph: "appliance",
    lines: [
      l("Ramtons", "2-Burner Gas Cooker", 4_999, local),
      l("Ramtons", "Microwave Oven 20L", 9_999, local),
      l("Mika", "Table Top Fridge 90L", 18_999, local),
      l("Mika", "Electric Kettle 1.7L", 1_899, local),
      l("Von Hotpoint", "4-Burner Standing Cooker", 34_999, local),
      l("Sayona", "Blender 1.5L", 3_299, local),
      l("Samsung", "Double Door Fridge 253L", 62_999),
      l("LG", "Front Load Washing Machine 8kg", 64_999),
      l("Philips", "Air Fryer 4.1L", 12_999),
      l("Nutribullet", "Pro 900W Blender", 11_499),
      l("Kenwood", "Stand Mixer", 28_999),
      l("Ninja", "Foodi Pressure Cooker", 24_999),
    ],
    dimensions: [
      ["Silver", "Black", "White", "Inox"],
      ["Energy Saving|1.05", "Standard|1"],
    ],
    extras: ["2-Year Warranty", "Free Delivery in Nairobi", "New 2024", "Auto Shut-off"],
    leads: [
      "The {name} makes everyday cooking quicker and easier.",
      "{brand}'s {model} is built to last in a busy family kitchen.",
      "Reliable and easy to clean, the {model} earns its place on the counter.",
    ],
    features: [
      "Stainless-steel parts resist rust and wipe clean.",
      "Simple controls anyone in the house can use.",
      "Uses less power than older models of the same size.",
      "Spare parts and service are available countrywide.",
    ],
  },
  {
    slug: "cookware",
    name: "Cookware & Dining",
    parent: "home-kitchen",
    glyph: "pot",
    lines: [
      l("Prestige", "Non-Stick Frying Pan", 2_499),
      l("Prestige", "Pressure Cooker 5L", 5_999),
      l("Tefal", "Ingenio Pan Set", 9_999),
      l("Pyrex", "Glass Bakeware Set", 3_499),
      l("Sufuria", "Aluminium Sufuria Set", 2_999, local),
      l("Lodge", "Cast Iron Skillet", 4_999),
      l("Corelle", "Dinner Set 16-Piece", 8_499),
      l("Tupperware", "Food Storage Set", 3_999),
    ],
    dimensions: [
      ["20cm|0.85", "24cm", "28cm|1.2"],
      ["Black", "Red", "Granite Grey"],
    ],
    extras: ["Induction Ready", "Dishwasher Safe", "5-Piece", "7-Piece|1.3"],
    leads: [
      "The {name} heats evenly and cleans up in seconds.",
      "{brand}'s {model} is a kitchen staple that lasts for years.",
      "Cook chapati, stews and more with the {model}.",
    ],
    features: [
      "Suitable for gas, electric and induction hobs.",
      "The handles stay cool while you cook.",
      "PFOA-free coating for healthier cooking.",
    ],
  },
  {
    slug: "shoes",
    name: "Shoes",
    parent: "fashion",
    glyph: "shoe",
    lines: [
      l("Nike", "Air Zoom Pegasus 40", 16_999),
      l("Nike", "Revolution 7", 8_999),
      l("Nike", "Air Force 1 '07", 14_999),
      l("Adidas", "Ultraboost Light", 21_999),
      l("Adidas", "Runfalcon 3.0", 7_499),
      l("Adidas", "Samba OG", 13_999),
      l("Puma", "Velocity Nitro 3", 15_999),
      l("New Balance", "Fresh Foam 1080v13", 19_999),
      l("Asics", "Gel-Kayano 30", 20_999),
      l("Bata", "Comfit Leather Loafers", 4_999, local),
      l("Bata", "North Star Canvas", 2_999, local),
      l("Skechers", "Go Walk 7", 9_999),
    ],
    dimensions: [
      ["Men's", "Women's"],
      ["Black/White", "Triple Black", "Grey", "Navy", "White/Red"],
    ],
    noun: (line) =>
      /Loafers|Canvas|Force|Samba/.test(line.model)
        ? "Sneakers"
        : /Walk/.test(line.model)
          ? "Walking Shoes"
          : "Running Shoes",
    extras: ["Size 40", "Size 42", "Size 44", "Wide Fit"],
    leads: [
      "The {name} is light, cushioned and made for daily miles.",
      "{brand}'s {model} gives a comfortable, supportive fit from the first wear.",
      "Whether for the gym or the street, the {model} keeps you moving in style.",
    ],
    features: [
      "A breathable mesh upper keeps feet cool.",
      "Durable rubber outsole grips on wet and dry roads.",
      "Responsive foam cushioning softens every step.",
      "True to size; order your usual size.",
    ],
  },
  {
    slug: "clothing",
    name: "Clothing",
    parent: "fashion",
    glyph: "shirt",
    lines: [
      l("Levi's", "511 Slim Jeans", 6_999),
      l("Levi's", "Trucker Denim Jacket", 9_999),
      l("Nike", "Dri-FIT Training T-Shirt", 3_499),
      l("Adidas", "Essentials Hoodie", 5_999),
      l("Tommy Hilfiger", "Classic Polo Shirt", 7_499),
      l("Kikoy Co", "Cotton Kikoy Wrap", 1_999, local),
      l("Safari Wear", "Kitenge Print Shirt", 2_499, local),
      l("H&M", "Regular Fit Chinos", 3_299),
      l("Uniqlo", "Ultra Light Down Jacket", 8_999),
    ],
    dimensions: [
      ["Size S", "Size M", "Size L", "Size XL", "Size XXL"],
      ["Black", "Navy", "Olive", "White", "Maroon"],
    ],
    extras: ["100% Cotton", "Unisex", "Pack of 2|1.8", "Slim Fit"],
    leads: [
      "The {name} is an easy wardrobe favourite for work and weekends.",
      "{brand}'s {model} is soft, well cut and built to keep its shape.",
      "Look sharp and stay comfortable in the {model}.",
    ],
    features: ["Machine washable at 30°C.", "Colours stay bright wash after wash.", "A relaxed fit that layers well."],
  },
  {
    slug: "watches-accessories",
    name: "Watches & Accessories",
    parent: "fashion",
    glyph: "watch",
    lines: [
      l("Casio", "G-Shock GA-2100", 14_999),
      l("Casio", "Vintage A168", 5_499),
      l("Apple", "Watch SE 2nd Gen", 34_999),
      l("Samsung", "Galaxy Watch6", 32_999),
      l("Huawei", "Band 9", 6_499),
      l("Fossil", "Grant Chronograph", 18_999),
      l("Oraimo", "Watch 4 Plus", 4_999),
      l("Ray-Ban", "Aviator Sunglasses", 17_999),
    ],
    dimensions: [
      ["40mm|0.95", "44mm"],
      ["Black", "Silver", "Rose Gold", "Blue"],
    ],
    extras: ["Water Resistant", "Gift Box", "Leather Strap", "Steel Strap|1.1"],
    leads: [
      "The {name} combines everyday toughness with a clean, modern look.",
      "{brand}'s {model} tracks your day and looks good doing it.",
      "A gift that gets worn every day: the {model}.",
    ],
    features: [
      "Water resistant for swimming and rain.",
      "The battery lasts for days between charges.",
      "Tracks steps, heart rate and sleep.",
      "Scratch-resistant glass protects the face.",
    ],
  },
  {
    slug: "skincare",
    name: "Skincare",
    parent: "health-beauty",
    glyph: "bottle",
    lines: [
      l("Nivea", "Perfect & Radiant Body Lotion", 899),
      l("Nivea", "Men Deep Clean Face Wash", 749),
      l("CeraVe", "Moisturising Cream", 2_899),
      l("CeraVe", "Hydrating Cleanser", 2_499),
      l("The Ordinary", "Niacinamide 10% + Zinc 1%", 1_999),
      l("Neutrogena", "Hydro Boost Water Gel", 2_799),
      l("Garnier", "Vitamin C Serum", 1_499),
      l("Arimis", "Milking Jelly", 299, local),
      l("Vaseline", "Intensive Care Cocoa Radiant", 699),
    ],
    dimensions: [["50ml|0.6", "200ml", "400ml|1.6"]],
    extras: ["For Dry Skin", "For Oily Skin", "Fragrance Free", "Twin Pack|1.85"],
    leads: [
      "The {name} keeps skin soft, even and hydrated all day.",
      "{brand}'s {model} is gentle enough for daily use.",
      "A simple step for healthier skin: the {model}.",
    ],
    features: [
      "Dermatologically tested and non-comedogenic.",
      "Absorbs quickly without a greasy feel.",
      "Suitable for all skin types.",
    ],
  },
  {
    slug: "hair-care",
    name: "Hair Care",
    parent: "health-beauty",
    glyph: "bottle",
    lines: [
      l("Cantu", "Shea Butter Leave-In Conditioner", 1_599),
      l("Dark and Lovely", "Au Naturale Shampoo", 899),
      l("ORS", "Olive Oil Hair Lotion", 1_099),
      l("Shea Moisture", "Curl Enhancing Smoothie", 2_199),
      l("Philips", "Hair Dryer 2100W", 4_499),
      l("Remington", "Hair Clipper Pro", 3_999),
      l("Miadi", "Coconut Hair Food", 399, local),
    ],
    dimensions: [["250ml|0.8", "400ml", "750ml|1.5"]],
    extras: ["Sulphate Free", "For Natural Hair", "Salon Size|1.7"],
    leads: [
      "The {name} leaves hair soft, strong and easy to style.",
      "{brand}'s {model} is a salon favourite for everyday care.",
      "Healthy hair, less breakage: the {model}.",
    ],
    features: [
      "Made with natural oils and no harsh sulphates.",
      "Works on relaxed, natural and coloured hair.",
      "A little goes a long way.",
    ],
  },
  {
    slug: "fitness",
    name: "Fitness Equipment",
    parent: "sports-outdoors",
    glyph: "dumbbell",
    lines: [
      l("Bowflex", "SelectTech 552 Dumbbells", 49_999),
      l("Reebok", "Adjustable Dumbbell Set", 14_999),
      l("Decathlon", "Domyos Yoga Mat", 1_999),
      l("Everlast", "Skipping Rope", 899),
      l("Xiaomi", "Walking Pad", 44_999),
      l("Fitness World", "Home Gym Bench", 18_999, local),
      l("TRX", "Suspension Trainer", 17_999),
      l("Under Armour", "Resistance Bands Set", 2_499),
    ],
    dimensions: [
      ["Black", "Blue", "Red"],
      ["Beginner|0.9", "Pro|1.25"],
    ],
    extras: ["Home Workout", "with Carry Bag", "Non-Slip"],
    leads: [
      "Train at home with the {name}.",
      "{brand}'s {model} is solid, compact and ready for daily workouts.",
      "Build strength and stamina with the {model}.",
    ],
    features: [
      "Stores neatly under a bed or in a cupboard.",
      "Sturdy construction for years of use.",
      "Includes a printed workout guide.",
    ],
  },
  {
    slug: "camping-outdoor",
    name: "Camping & Outdoor",
    parent: "sports-outdoors",
    glyph: "tent",
    lines: [
      l("Coleman", "Sundome 4-Person Tent", 14_999),
      l("Coleman", "Portable Camping Stove", 5_999),
      l("Quechua", "MH100 Hiking Backpack 20L", 2_999),
      l("Hydro Flask", "Wide Mouth Bottle 32oz", 5_499),
      l("Osprey", "Talon 22 Daypack", 16_999),
      l("Maasai Treks", "Safari Camping Chair", 2_499, local),
      l("Black Diamond", "Spot 400 Headlamp", 5_999),
    ],
    dimensions: [["Green", "Orange", "Grey", "Blue"]],
    extras: ["Waterproof", "Lightweight", "2-Pack|1.9"],
    leads: [
      "The {name} is ready for weekends at Naivasha or a climb up Mt Kenya.",
      "{brand}'s {model} is tough, light and easy to pack.",
      "Head outdoors with the {model}.",
    ],
    features: [
      "Sets up in minutes without tools.",
      "Weather-resistant materials shrug off rain and dust.",
      "Packs small for travel.",
    ],
  },
];

export const MARKETPLACE_CODES = ["sokoni", "jumia", "amazon", "ebay"] as const;
export type MarketplaceCode = (typeof MARKETPLACE_CODES)[number];

export type DemoMarketplace = {
  code: Exclude<MarketplaceCode, "sokoni">;
  name: string;
  kind: "jumia" | "amazon" | "ebay";
  description: string;
  websiteUrl: string;
  rating: string;
  currency: "KES" | "USD";
  /** domestic: the store delivers in Kenya; warehouse: through Sokoni's warehouse. */
  shipsTo: "domestic" | "warehouse";
  /** How long a search waits for the store (a local store answers faster than one abroad). */
  timeBudgetMs: number;
  /** Calls per minute the store allows; null: none published. */
  rateLimitPerMin: number | null;
};

/** The external marketplaces of the demo; the house store `sokoni` comes from ensureHouseMarketplace. */
export const DEMO_MARKETPLACES: readonly DemoMarketplace[] = [
  {
    code: "jumia",
    name: "Jumia Kenya",
    kind: "jumia",
    description: "Africa's leading online marketplace; delivery across Kenya in 1 to 5 days.",
    websiteUrl: "https://www.jumia.co.ke",
    rating: "4.10",
    currency: "KES",
    shipsTo: "domestic",
    timeBudgetMs: 1200,
    rateLimitPerMin: null,
  },
  {
    code: "amazon",
    name: "Amazon",
    kind: "amazon",
    description: "Global marketplace; parcels are shipped to Sokoni's warehouse and re-shipped to Kenya.",
    websiteUrl: "https://www.amazon.com",
    rating: "4.50",
    currency: "USD",
    shipsTo: "warehouse",
    timeBudgetMs: 2000,
    // PA-API 5 starts an account at one request per second.
    rateLimitPerMin: 60,
  },
  {
    code: "ebay",
    name: "eBay",
    kind: "ebay",
    description: "New and refurbished items from sellers worldwide, shipped via Sokoni's warehouse.",
    websiteUrl: "https://www.ebay.com",
    rating: "4.20",
    currency: "USD",
    shipsTo: "warehouse",
    timeBudgetMs: 1500,
    rateLimitPerMin: null,
  },
];
