/**
 * Synthetic products for matchers/product.yaml: gtin, model_number, title, brand and price, as an
 * ERP, a web shop, a marketplace, a PIM and the tills hold them.
 *
 * Titles are built from the brand, descriptive words, the category noun, the model number and the
 * colour, and each system writes them its own way: terse capitals, listing style, tokens in another
 * order with sales fluff, truncated till labels. Model numbers lose their dashes, brands come as
 * the legal name ("Sony Corporation"), GTINs (valid GS1 check digits) are often missing, and prices
 * differ a little between channels. Products come in families: variants of one model (another
 * colour, another suffix) are different entities whose titles are nearly the same, as in real
 * catalogues.
 */
import { applyCase, misspell } from '../noise';
import { Random, Zipf } from '../random';
import { BRANDS, CATEGORIES, COLORS, LISTING_FLUFF } from '../vocabulary/commerce';
import type { DomainProfile, EntityKind, GeneratedAttributes } from './entity-kind';

export interface Product {
  readonly brand: number;
  readonly category: number;
  readonly words: readonly string[];
  readonly model: string;
  readonly color: string;
  readonly gtin: string;
  readonly price: number;
}

type TitleStyle = 'terse' | 'listing' | 'shuffled' | 'full' | 'short';

interface ProductDomain extends DomainProfile {
  readonly titleStyle: TitleStyle;
  readonly brandField: 'legal' | 'name' | 'sometimes' | 'none';
  readonly fill: { readonly gtin: number; readonly model: number };
  /** Largest relative price difference from the list price. */
  readonly priceSpread: number;
}

const DOMAINS: readonly ProductDomain[] = [
  {
    name: 'erp',
    idPrefix: 'MAT-',
    coverage: 0.8,
    titleStyle: 'terse',
    brandField: 'legal',
    fill: { gtin: 0.8, model: 0.95 },
    priceSpread: 0,
  },
  {
    name: 'ecommerce',
    idPrefix: 'SKU',
    coverage: 0.6,
    titleStyle: 'listing',
    brandField: 'name',
    fill: { gtin: 0.5, model: 0.5 },
    priceSpread: 0.05,
  },
  {
    name: 'marketplace',
    idPrefix: 'MP-B0',
    coverage: 0.5,
    titleStyle: 'shuffled',
    brandField: 'sometimes',
    fill: { gtin: 0.25, model: 0.2 },
    priceSpread: 0.15,
  },
  {
    name: 'pim',
    idPrefix: 'P',
    coverage: 0.45,
    titleStyle: 'full',
    brandField: 'name',
    fill: { gtin: 0.9, model: 0.9 },
    priceSpread: 0,
  },
  {
    name: 'pos',
    idPrefix: 'POS',
    coverage: 0.35,
    titleStyle: 'short',
    brandField: 'none',
    fill: { gtin: 0.85, model: 0 },
    priceSpread: 0.02,
  },
];

const BRAND_RANKS = new Zipf(BRANDS.length, 0.8);

/** GS1 mod-10 check digit of the digits before it. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(body[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

function gtin13(r: Random): string {
  const body = `0${r.digits(11)}`; // GS1 US prefixes: printable as a 12-digit UPC-A too
  return body + String(gs1CheckDigit(body));
}

/** Brand, category, words and model stem of a product family. */
function family(seed: number, id: number): Omit<Product, 'color' | 'gtin'> {
  const r = new Random(seed, 'product-family', id);
  const brand = BRAND_RANKS.sample(r);
  const category = r.int(0, CATEGORIES.length - 1);
  const c = CATEGORIES[category];
  const words = r.shuffle([...c.words]).slice(0, r.int(2, Math.min(3, c.words.length)));
  const prefix = r.pick(BRANDS[brand].modelPrefix);
  const model = `${prefix}${r.chance(0.6) ? '-' : ''}${r.int(100, 9999)}`;
  const price = Math.round(r.int(c.price[0] * 100, c.price[1] * 100)) / 100;
  return { brand, category, words, model, price };
}

function titleOf(p: Product, d: ProductDomain, r: Random): string {
  const brand = BRANDS[p.brand].name;
  const noun = CATEGORIES[p.category].noun;
  const model = r.chance(0.3) ? p.model.replace(/-/g, '') : p.model;
  switch (d.titleStyle) {
    case 'terse':
      return applyCase('upper', `${brand} ${model} ${noun} ${p.color}`);
    case 'listing':
      return `${brand} ${p.words.join(' ')} ${noun} ${model} - ${p.color}`;
    case 'full':
      return `${brand} ${model} ${p.words.join(' ')} ${noun}, ${p.color}`;
    case 'short':
      return applyCase('upper', `${brand} ${noun} ${model}`).slice(0, 24).trim();
    case 'shuffled': {
      const middle = r.shuffle([...p.words, noun, model, p.color]);
      const fluff = r.chance(0.6) ? [r.pick(LISTING_FLUFF)] : [];
      const tokens = r.chance(0.7) ? [brand, ...middle, ...fluff] : [...middle, brand, ...fluff];
      return tokens.join(' ');
    }
  }
}

export const PRODUCT: EntityKind<Product> = {
  entityType: 'product',
  domains: DOMAINS,
  duplicateRate: 0.02,

  entity(seed, index) {
    // Pairs of entities (2k, 2k+1) are variants of one family a third of the time.
    const r = new Random(seed, 'product', index);
    const shared = new Random(seed, 'product-variants', index >> 1).chance(0.35);
    const base = family(seed, shared ? -1 - (index >> 1) : index);
    const suffix = shared && index % 2 === 1 ? r.pick(['A', 'B', 'S', 'X', '2', 'MK2']) : '';
    return {
      ...base,
      model: base.model + suffix,
      color: r.pick(COLORS),
      gtin: gtin13(r),
    };
  },

  render(product, profile, r) {
    const d = profile as ProductDomain;
    let title = titleOf(product, d, r);
    if (r.chance(0.05)) title = misspell(r, title);
    const attributes: GeneratedAttributes = { title };
    const brand = BRANDS[product.brand];
    if (d.brandField === 'legal') attributes.brand = r.chance(0.6) ? brand.legal : brand.name.toUpperCase();
    else if (d.brandField === 'name' || (d.brandField === 'sometimes' && r.chance(0.7)))
      attributes.brand = brand.name;
    if (r.chance(d.fill.gtin)) {
      // Tills scan UPC-A: the GTIN-13 without its leading zero.
      attributes.gtin = d.titleStyle === 'short' ? product.gtin.slice(1) : product.gtin;
    }
    if (r.chance(d.fill.model)) {
      attributes.model_number = r.chance(0.2) ? product.model.toLowerCase() : product.model;
    }
    const spread = d.priceSpread * (r.next() * 2 - 1);
    attributes.price = r.chance(0.95)
      ? (Math.round(product.price * (1 + spread) * 100) / 100).toFixed(2)
      : null;
    return attributes;
  },

  change(product, r) {
    // repriced
    return { ...product, price: Math.round(product.price * (0.8 + r.next() * 0.3) * 100) / 100 };
  },
};
