/**
 * A hand-labelled set of offers as four stores list them: `item` names the item an offer really
 * is (the same item = the same `item`). Titles are written the way each store writes them (eBay
 * sellers' keyword lists, Amazon's long titles, Jumia's "+ Free Case" and RAM/ROM pairs, the house
 * store's short names), with GTINs where that store would have one (eBay's getItem, Amazon's EAN,
 * a UPC-12 for the same EAN-13), a wrong check digit once, and hard negatives side by side: storage,
 * series, generation, Pro/Max/Plus/Ultra editions, model numbers one letter apart, sizes, pack
 * sizes and accessories for the very item. Every pair of offers is a labelled pair.
 */

export type LabelledOffer = {
  item: string;
  marketplace: "sokoni" | "ebay" | "amazon" | "jumia";
  title: string;
  brand?: string;
  gtin?: string;
};

export const LABELLED_OFFERS: LabelledOffer[] = [
  // Apple iPhone 15: 128 GB, 256 GB, Pro, Pro Max, and a case for it.
  {
    item: "iphone15-128",
    marketplace: "ebay",
    title: "Apple iPhone 15 128GB Black Unlocked Smartphone - NEW SEALED",
    gtin: "0194253401186",
  },
  {
    item: "iphone15-128",
    marketplace: "amazon",
    title: "Apple iPhone 15 (128 GB) - Black",
    brand: "Apple",
    gtin: "194253401186",
  },
  { item: "iphone15-128", marketplace: "jumia", title: 'IPhone 15, 6.1", 128GB ROM, 5G - Pink + Free Case' },
  { item: "iphone15-128", marketplace: "sokoni", title: "iPhone 15 128 GB" },
  {
    item: "iphone15-256",
    marketplace: "ebay",
    title: "Apple iPhone 15 256GB Green Factory Unlocked",
    gtin: "0194253401193",
  },
  { item: "iphone15-256", marketplace: "jumia", title: "Apple IPhone 15 6.1 Inch 256GB - Black (2024 Model)" },
  {
    item: "iphone15pro-256",
    marketplace: "amazon",
    title: "Apple iPhone 15 Pro (256 GB) - Natural Titanium",
    brand: "Apple",
    gtin: "0194253401278",
  },
  { item: "iphone15pro-256", marketplace: "ebay", title: "iPhone 15 Pro 256 GB Blue Titanium eSIM Unlocked" },
  { item: "iphone15pro-256", marketplace: "jumia", title: 'Apple IPhone 15 Pro 6.1" 256GB Brand New' },
  {
    item: "iphone15promax-256",
    marketplace: "amazon",
    title: "Apple iPhone 15 Pro Max (256 GB) - Black Titanium",
    brand: "Apple",
    gtin: "0194253401315",
  },
  { item: "iphone15promax-256", marketplace: "jumia", title: 'Apple IPhone 15 Pro Max 6.7" 256GB 5G - White Titanium' },
  { item: "iphone15-case", marketplace: "amazon", title: "Silicone Case for iPhone 15 with MagSafe - Black" },
  { item: "iphone15-case", marketplace: "jumia", title: "IPhone 15 Silicone Case Cover - Black" },

  // Samsung Galaxy A55 128/256, the A35 one digit away, S24 / S24+ / S24 Ultra.
  {
    item: "a55-128",
    marketplace: "ebay",
    title: "Samsung Galaxy A55 5G SM-A556E/DS 128GB 8GB RAM Awesome Navy",
    gtin: "8806095133416",
  },
  { item: "a55-128", marketplace: "jumia", title: 'Samsung Galaxy A55 5G, 6.6", 8GB + 128GB - Navy (1 Year Warranty)' },
  { item: "a55-128", marketplace: "sokoni", title: "Samsung Galaxy A55 8/128GB" },
  {
    item: "a55-256",
    marketplace: "amazon",
    title: "SAMSUNG Galaxy A55 5G (8GB RAM, 256GB) Awesome Iceblue",
    brand: "Samsung",
    gtin: "8806095133423",
  },
  { item: "a55-256", marketplace: "jumia", title: "Samsung Galaxy A55 8GB RAM/256GB ROM 5G - Lilac" },
  { item: "a35-128", marketplace: "jumia", title: 'Samsung Galaxy A35 5G 6.6" 8GB+128GB - Awesome Navy' },
  {
    item: "a35-128",
    marketplace: "ebay",
    title: "Samsung Galaxy A35 5G 128GB 8GB Dual SIM Unlocked - Lilac",
    gtin: "8806095133508",
  },
  {
    item: "s24-256",
    marketplace: "amazon",
    title: "Samsung Galaxy S24, 256GB, Onyx Black",
    brand: "Samsung",
    gtin: "8806095133607",
  },
  { item: "s24-256", marketplace: "ebay", title: "Samsung Galaxy S24 SM-S921B 256GB Marble Grey Unlocked" },
  { item: "s24-256", marketplace: "jumia", title: 'Samsung Galaxy S24 6.2" 8GB RAM 256GB 5G' },
  {
    item: "s24plus-256",
    marketplace: "amazon",
    title: "Samsung Galaxy S24+ 256GB Cobalt Violet",
    brand: "Samsung",
    gtin: "8806095133713",
  },
  { item: "s24plus-256", marketplace: "jumia", title: 'Samsung Galaxy S24 Plus 12GB/256GB 6.7" - Violet' },
  {
    item: "s24ultra-256",
    marketplace: "amazon",
    title: "Samsung Galaxy S24 Ultra 256GB Titanium Grey",
    brand: "Samsung",
    gtin: "8806095133720",
  },
  { item: "s24ultra-256", marketplace: "ebay", title: "SAMSUNG GALAXY S24 ULTRA 256GB 12GB RAM TITANIUM BLACK NEW" },
  { item: "s24ultra-256", marketplace: "sokoni", title: "Galaxy S24 Ultra 256 GB" },

  // Tecno and Infinix, as Jumia and the house store list them.
  {
    item: "spark20-128",
    marketplace: "jumia",
    title: 'Tecno Spark 20, 6.56", 8GB RAM + 128GB, 5000mAh - Gravity Black',
  },
  { item: "spark20-128", marketplace: "sokoni", title: "Tecno Spark 20 8GB/128GB" },
  { item: "spark20-128", marketplace: "ebay", title: "TECNO SPARK 20 128GB 8GB Dual Sim Black Brand New" },
  { item: "spark20pro-256", marketplace: "jumia", title: 'Tecno Spark 20 Pro 6.78" 8GB RAM + 256GB - Moonlit Black' },
  { item: "spark20pro-256", marketplace: "sokoni", title: "Tecno Spark 20 Pro 256GB" },
  {
    item: "hot40i-128",
    marketplace: "jumia",
    title: 'Infinix Hot 40i 6.56" 4GB RAM + 128GB ROM, 5000mAh - Starlit Black',
  },
  { item: "hot40i-128", marketplace: "sokoni", title: "Infinix HOT 40i 128GB" },
  { item: "hot40-256", marketplace: "jumia", title: 'Infinix Hot 40 6.78" 8GB RAM + 256GB ROM - Palm Blue' },
  { item: "hot40-256", marketplace: "ebay", title: "Infinix HOT 40 256GB 8GB Palm Blue Dual SIM" },

  // Google Pixel 8, 8a and 8 Pro.
  {
    item: "pixel8-128",
    marketplace: "amazon",
    title: "Google Pixel 8 - Unlocked Android Smartphone - 128 GB - Obsidian",
  },
  { item: "pixel8-128", marketplace: "ebay", title: "Google Pixel 8 128GB Hazel Unlocked" },
  { item: "pixel8a-128", marketplace: "amazon", title: "Google Pixel 8a - Unlocked Android Phone - 128 GB - Bay" },
  { item: "pixel8a-128", marketplace: "ebay", title: "Google Pixel 8a 128GB Obsidian Unlocked New" },
  { item: "pixel8pro-128", marketplace: "amazon", title: "Google Pixel 8 Pro - Unlocked - 128 GB - Porcelain" },

  // Headphones one generation apart, earbuds by generation.
  {
    item: "wh1000xm5",
    marketplace: "amazon",
    title: "Sony WH-1000XM5 Wireless Noise Canceling Headphones, Black",
    brand: "Sony",
    gtin: "4548548609119",
  },
  {
    item: "wh1000xm5",
    marketplace: "ebay",
    title: "Sony WH1000XM5 Wireless Noise Cancelling Over-Ear Headphones Silver",
  },
  { item: "wh1000xm5", marketplace: "jumia", title: "Sony WH-1000XM5 Noise Cancelling Headphones - Black" },
  {
    item: "wh1000xm4",
    marketplace: "amazon",
    title: "Sony WH-1000XM4 Wireless Premium Noise Canceling Overhead Headphones",
    brand: "Sony",
    gtin: "4548548609201",
  },
  { item: "wh1000xm4", marketplace: "jumia", title: "Sony WH-1000XM4 Wireless Noise Cancelling Headphones - Blue" },
  {
    item: "airpods-pro-2",
    marketplace: "amazon",
    title: "Apple AirPods Pro (2nd Generation) Wireless Ear Buds with USB-C Charging",
    brand: "Apple",
  },
  { item: "airpods-pro-2", marketplace: "ebay", title: "Apple AirPods Pro 2nd Gen with MagSafe USB-C Case" },
  { item: "airpods-pro-2", marketplace: "jumia", title: "Apple AirPods Pro (2nd Generation) - White" },
  {
    item: "airpods-3",
    marketplace: "amazon",
    title: "Apple AirPods (3rd Generation) Wireless Ear Buds",
    brand: "Apple",
  },
  { item: "airpods-3", marketplace: "jumia", title: "Apple AirPods 3rd Gen With Lightning Charging Case" },

  // Apple Watch: Series 8 vs 9, 41 vs 45 mm.
  {
    item: "watch-s9-45",
    marketplace: "amazon",
    title: "Apple Watch Series 9 [GPS 45mm] Smartwatch with Midnight Aluminum Case",
    brand: "Apple",
    gtin: "0194253721512",
  },
  { item: "watch-s9-45", marketplace: "ebay", title: "Apple Watch Series 9 45mm GPS Midnight Aluminium Sport Band" },
  { item: "watch-s9-45", marketplace: "jumia", title: "Apple Watch Series 9 GPS 45mm - Starlight" },
  {
    item: "watch-s9-41",
    marketplace: "amazon",
    title: "Apple Watch Series 9 [GPS 41mm] Smartwatch with Pink Aluminum Case",
    brand: "Apple",
    gtin: "0194253721529",
  },
  { item: "watch-s9-41", marketplace: "ebay", title: "Apple Watch Series 9 41mm GPS Pink Aluminium" },
  { item: "watch-s8-45", marketplace: "ebay", title: "Apple Watch Series 8 45mm GPS Midnight Aluminum Case" },
  { item: "watch-s8-45", marketplace: "jumia", title: "Apple Watch Series 8 GPS 45mm Midnight" },
  { item: "watch-band-45", marketplace: "jumia", title: "Sport Band Strap for Apple Watch Series 9 45mm - Black" },

  // iPad 10th generation 64 vs 256 GB, and the iPad Air.
  {
    item: "ipad10-64",
    marketplace: "amazon",
    title: "Apple iPad (10th Generation): with A14 Bionic chip, 10.9-inch Liquid Retina Display, 64GB, Wi-Fi 6, Blue",
    brand: "Apple",
    gtin: "0194253765912",
  },
  { item: "ipad10-64", marketplace: "jumia", title: 'Apple IPad 10th Gen 10.9" 64GB WiFi - Silver' },
  { item: "ipad10-64", marketplace: "ebay", title: "Apple iPad 10th Gen 64GB Wi-Fi 10.9 in Yellow" },
  {
    item: "ipad10-256",
    marketplace: "amazon",
    title: "Apple iPad (10th Generation): with A14 Bionic chip, 10.9-inch Liquid Retina Display, 256GB, Wi-Fi 6, Pink",
    brand: "Apple",
    gtin: "0194253728801",
  },
  { item: "ipad10-256", marketplace: "ebay", title: 'Apple iPad 10th Generation 256GB WiFi 10.9" Silver' },
  {
    item: "ipadair-m2-128",
    marketplace: "amazon",
    title: "Apple iPad Air 11-inch (M2): 128GB, Wi-Fi 6E, Blue",
    brand: "Apple",
  },
  { item: "ipadair-m2-128", marketplace: "ebay", title: 'Apple iPad Air 11" M2 128GB Wi-Fi Space Gray' },

  // Laptops.
  {
    item: "mba-m2-256",
    marketplace: "amazon",
    title:
      "Apple 2022 MacBook Air Laptop with M2 chip: 13.6-inch Liquid Retina Display, 8GB RAM, 256GB SSD Storage, Midnight",
    brand: "Apple",
    gtin: "0194253885016",
  },
  { item: "mba-m2-256", marketplace: "ebay", title: 'Apple MacBook Air 13.6" M2 8GB 256GB SSD Midnight' },
  { item: "mba-m2-256", marketplace: "jumia", title: "Apple MacBook Air M2 13.6 Inch 8GB RAM 256GB SSD - Space Grey" },
  { item: "mba-m2-512", marketplace: "ebay", title: 'Apple MacBook Air 13.6" M2 8GB 512GB SSD Starlight' },
  {
    item: "mbp-m3-512",
    marketplace: "amazon",
    title: "Apple MacBook Pro 14-inch M3 chip 8GB 512GB SSD Space Gray",
    brand: "Apple",
  },
  { item: "mbp-m3-512", marketplace: "jumia", title: 'Apple MacBook Pro M3 14" 8GB RAM 512GB SSD - Silver' },

  // Shoes: model and size.
  { item: "airmax90-42", marketplace: "jumia", title: "Nike Air Max 90 Men's Sneakers - White/Black - EU 42" },
  { item: "airmax90-42", marketplace: "ebay", title: "NIKE AIR MAX 90 White Black Mens Shoes Size 42" },
  { item: "airmax90-43", marketplace: "jumia", title: "Nike Air Max 90 Men's Sneakers - White/Black - EU 43" },
  { item: "airmax97-42", marketplace: "ebay", title: "Nike Air Max 97 Silver Bullet Mens Shoes Size 42" },

  // Power banks, speakers, batteries: capacity, model, pack size.
  {
    item: "anker-10000",
    marketplace: "amazon",
    title: "Anker PowerCore 10000 Portable Charger, 10000mAh Power Bank",
    brand: "Anker",
    gtin: "0848641030105",
  },
  { item: "anker-10000", marketplace: "jumia", title: "Anker PowerCore 10,000mAh Power Bank - Black" },
  {
    item: "anker-20000",
    marketplace: "amazon",
    title: "Anker PowerCore 20000 Portable Charger, 20000mAh Power Bank",
    brand: "Anker",
    gtin: "0848641030204",
  },
  { item: "anker-20000", marketplace: "jumia", title: "Anker PowerCore 20000mAh Power Bank - Black" },
  { item: "jbl-flip6", marketplace: "amazon", title: "JBL Flip 6 - Portable Bluetooth Speaker, Black", brand: "JBL" },
  { item: "jbl-flip6", marketplace: "jumia", title: "JBL Flip 6 Waterproof Portable Bluetooth Speaker - Blue" },
  { item: "jbl-flip6", marketplace: "sokoni", title: "JBL Flip 6 Speaker" },
  { item: "jbl-flip5", marketplace: "ebay", title: "JBL FLIP 5 Portable Waterproof Bluetooth Speaker Black" },
  { item: "jbl-flip5", marketplace: "jumia", title: "JBL Flip 5 Bluetooth Speaker - Black" },
  { item: "duracell-aa-4", marketplace: "amazon", title: "Duracell Plus AA Batteries, 4 Pack" },
  { item: "duracell-aa-4", marketplace: "jumia", title: "Duracell Plus AA Alkaline Batteries - 4 Pcs" },
  { item: "duracell-aa-8", marketplace: "amazon", title: "Duracell Plus AA Batteries, 8 Pack" },

  // Televisions: screen size, and a GTIN with a wrong check digit (ignored, attributes decide).
  {
    item: "tv-55-cu7000",
    marketplace: "jumia",
    title: 'Samsung 55" Crystal UHD 4K Smart TV UA55CU7000 - Black',
    gtin: "8806095271553",
  },
  { item: "tv-55-cu7000", marketplace: "sokoni", title: "Samsung UA55CU7000 55 inch Crystal UHD 4K Smart TV" },
  {
    item: "tv-65-cu7000",
    marketplace: "amazon",
    title: "SAMSUNG 65-Inch Class Crystal UHD CU7000 4K Smart TV UA65CU7000",
    brand: "Samsung",
    gtin: "8806095271651",
  },
  { item: "tv-65-cu7000", marketplace: "jumia", title: 'Samsung 65" Crystal UHD 4K Smart TV UA65CU7000' },
];
