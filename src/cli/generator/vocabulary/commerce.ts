/**
 * Organisations and products: company name parts with the legal suffixes (and their spellings) that
 * business records carry, and product brands, categories and descriptive words for catalogue
 * titles in the style of marketplace listings.
 */

export const COMPANY_WORDS: readonly string[] = [
  ...['Acme', 'Summit', 'Pioneer', 'Keystone', 'Beacon', 'Harbor', 'Evergreen', 'Granite', 'Liberty'],
  ...['Atlas', 'Meridian', 'Northwind', 'Bluebird', 'Redwood', 'Silverline', 'Crescent', 'Horizon'],
  ...['Sterling', 'Cascade', 'Lakeside', 'Pinnacle', 'Ironwood', 'Falcon', 'Orion', 'Vanguard'],
  ...['Heritage', 'Riverbend', 'Oakridge', 'Brightway', 'Clearwater', 'Frontier', 'Highland', 'Copper'],
];

export const COMPANY_KINDS: readonly string[] = [
  ...['Holdings', 'Logistics', 'Foods', 'Consulting', 'Partners', 'Industries', 'Systems', 'Labs'],
  ...['Dental', 'Realty', 'Construction', 'Capital', 'Media', 'Motors', 'Supply', 'Bakery', 'Design'],
];

/** Legal forms: the canonical form and the spellings sources use for it. */
export const LEGAL_SUFFIXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Inc.', ['Inc', 'Incorporated', 'INC.', 'inc']],
  ['LLC', ['L.L.C.', 'Llc', 'llc']],
  ['Corp.', ['Corporation', 'Corp', 'CORP']],
  ['Ltd.', ['Ltd', 'Limited']],
  ['Co.', ['Company', 'Co']],
  ['LLP', ['L.L.P.']],
];

export interface Brand {
  readonly name: string;
  /** The registered name some catalogues print instead ("Sony Corporation"). */
  readonly legal: string;
  /** Letters its model numbers start with. */
  readonly modelPrefix: readonly string[];
}

export const BRANDS: readonly Brand[] = [
  { name: 'Sony', legal: 'Sony Corporation', modelPrefix: ['WH', 'KD', 'SRS', 'DSC'] },
  { name: 'Samsung', legal: 'Samsung Electronics Co., Ltd.', modelPrefix: ['UN', 'SM', 'HW', 'MZ'] },
  { name: 'Panasonic', legal: 'Panasonic Corp.', modelPrefix: ['KX', 'DMC', 'RP', 'NN'] },
  { name: 'Philips', legal: 'Koninklijke Philips N.V.', modelPrefix: ['HD', 'HX', 'SHP', 'BT'] },
  { name: 'Logitech', legal: 'Logitech International S.A.', modelPrefix: ['MX', 'G', 'K', 'C'] },
  { name: 'Canon', legal: 'Canon Inc.', modelPrefix: ['EOS', 'PG', 'MG', 'LBP'] },
  { name: 'Bosch', legal: 'Robert Bosch GmbH', modelPrefix: ['GSR', 'PSB', 'SHX', 'TAS'] },
  { name: 'Dell', legal: 'Dell Technologies Inc.', modelPrefix: ['P', 'U', 'S', 'XPS'] },
  { name: 'HP', legal: 'HP Inc.', modelPrefix: ['M', 'CF', 'LJ', 'X'] },
  { name: 'Lenovo', legal: 'Lenovo Group Ltd.', modelPrefix: ['T', 'X', 'IP', 'L'] },
  { name: 'Anker', legal: 'Anker Innovations Ltd.', modelPrefix: ['A', 'PB', 'SC'] },
  { name: 'Netgear', legal: 'NETGEAR, Inc.', modelPrefix: ['R', 'RAX', 'GS', 'EX'] },
  { name: 'Brother', legal: 'Brother Industries, Ltd.', modelPrefix: ['HL', 'MFC', 'PT', 'DCP'] },
  { name: 'Garmin', legal: 'Garmin Ltd.', modelPrefix: ['FR', 'EDGE', 'VIVO'] },
  { name: 'Epson', legal: 'Seiko Epson Corp.', modelPrefix: ['ET', 'WF', 'XP', 'EH'] },
  { name: 'JBL', legal: 'Harman International Industries, Inc.', modelPrefix: ['T', 'FLIP', 'CHG'] },
  { name: 'Makita', legal: 'Makita Corporation', modelPrefix: ['XFD', 'DHP', 'XPH'] },
  { name: 'Kingston', legal: 'Kingston Technology Co.', modelPrefix: ['SA', 'KC', 'DT', 'SV'] },
  { name: 'Belkin', legal: 'Belkin International, Inc.', modelPrefix: ['F', 'BOOST', 'WIZ'] },
  { name: 'Seagate', legal: 'Seagate Technology LLC', modelPrefix: ['ST', 'STKM', 'STGX'] },
];

export interface Category {
  readonly noun: string;
  /** Descriptive words a title may carry, in no fixed order. */
  readonly words: readonly string[];
  /** Price range in USD. */
  readonly price: readonly [number, number];
}

export const CATEGORIES: readonly Category[] = [
  { noun: 'Headphones', words: ['Wireless', 'Noise Cancelling', 'Over-Ear', 'Bluetooth'], price: [40, 400] },
  { noun: 'Speaker', words: ['Portable', 'Bluetooth', 'Waterproof', 'Stereo'], price: [30, 300] },
  { noun: 'Monitor', words: ['27-Inch', '4K', 'IPS', 'LED', 'UltraSharp'], price: [150, 900] },
  { noun: 'Laptop', words: ['14"', 'Core i7', '16GB RAM', '512GB SSD', 'Thin'], price: [500, 2500] },
  { noun: 'Printer', words: ['All-in-One', 'Wireless', 'Color', 'Laser', 'Duplex'], price: [80, 600] },
  { noun: 'Mouse', words: ['Wireless', 'Ergonomic', 'Rechargeable', 'Gaming'], price: [15, 150] },
  { noun: 'Keyboard', words: ['Mechanical', 'Wireless', 'Backlit', 'Compact'], price: [25, 200] },
  { noun: 'Router', words: ['Dual-Band', 'WiFi 6', 'Gigabit', 'Mesh'], price: [50, 450] },
  { noun: 'Camera', words: ['Digital', 'Mirrorless', '24MP', '4K Video', 'Zoom'], price: [200, 2000] },
  { noun: 'Drill', words: ['Cordless', '18V', 'Brushless', 'Compact', 'Kit'], price: [60, 300] },
  { noun: 'SSD', words: ['1TB', 'NVMe', 'Internal', 'PCIe', 'M.2'], price: [50, 250] },
  { noun: 'Hard Drive', words: ['External', '2TB', 'Portable', 'USB 3.0'], price: [50, 200] },
  { noun: 'Charger', words: ['USB-C', 'Fast', '65W', 'GaN', 'Wall'], price: [15, 80] },
  { noun: 'Smartwatch', words: ['GPS', 'Running', 'Heart Rate', 'Fitness'], price: [100, 700] },
  { noun: 'Coffee Maker', words: ['Espresso', 'Automatic', 'Stainless Steel', '12-Cup'], price: [40, 800] },
  { noun: 'Label Maker', words: ['Handheld', 'Portable', 'Thermal', 'Bluetooth'], price: [25, 120] },
];

export const COLORS: readonly string[] = ['Black', 'White', 'Silver', 'Blue', 'Red', 'Gray', 'Midnight Blue'];

/** Words listings add that say nothing about the product itself. */
export const LISTING_FLUFF: readonly string[] = [
  ...['New', 'Brand New', '2024 Model', 'Latest', 'Genuine', 'Original', 'Renewed', 'Bundle'],
  ...['Free Shipping', 'with Warranty', 'Retail Box', 'US Version'],
];

export const CURRENCIES: readonly string[] = ['USD', 'USD', 'USD', 'EUR', 'GBP'];

/** IBAN country formats: code and BBAN length (ISO 13616 registry). */
export const IBAN_COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['DE', 18],
  ['GB', 18],
  ['FR', 23],
  ['NL', 14],
  ['ES', 20],
];
