import type { Faker } from '@faker-js/faker';
import type { Cents } from './money.js';
import type { Rng } from './rng.js';

export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  brand: string;
  priceCents: Cents;
  stock: number;
}

export interface Catalogue {
  readonly products: readonly Product[];
  readonly categories: readonly string[];
  /** A product, bestsellers more often than the long tail. */
  pick(rng: Rng): Product;
  /** A product of one category: what a search or a category page leads to. */
  pickIn(category: string, rng: Rng): Product;
}

interface Department {
  nouns: readonly string[];
  minDollars: number;
  maxDollars: number;
}

// Each department has its own price band so baskets look like a real shop's.
const DEPARTMENTS: Record<string, Department> = {
  Electronics: {
    nouns: ['Headphones', 'Speaker', 'Charger', 'Smartwatch', 'Keyboard', 'Monitor', 'Camera'],
    minDollars: 19,
    maxDollars: 899,
  },
  Clothing: {
    nouns: ['Jacket', 'T-Shirt', 'Jeans', 'Sweater', 'Dress', 'Hoodie', 'Scarf'],
    minDollars: 12,
    maxDollars: 180,
  },
  Home: {
    nouns: ['Lamp', 'Chair', 'Rug', 'Cushion', 'Vase', 'Shelf', 'Blanket'],
    minDollars: 9,
    maxDollars: 450,
  },
  Beauty: {
    nouns: ['Serum', 'Lipstick', 'Moisturiser', 'Perfume', 'Shampoo', 'Palette'],
    minDollars: 5,
    maxDollars: 120,
  },
  Sports: {
    nouns: ['Yoga Mat', 'Dumbbell', 'Running Shoes', 'Water Bottle', 'Backpack', 'Racket'],
    minDollars: 8,
    maxDollars: 320,
  },
  Books: {
    nouns: ['Cookbook', 'Novel', 'Atlas', 'Journal', 'Guide'],
    minDollars: 7,
    maxDollars: 49,
  },
  Toys: {
    nouns: ['Puzzle', 'Board Game', 'Robot Kit', 'Plush Bear', 'Building Set'],
    minDollars: 9,
    maxDollars: 99,
  },
  Garden: {
    nouns: ['Planter', 'Hose', 'Pruner', 'Bird Feeder', 'Lantern', 'Seed Kit'],
    minDollars: 6,
    maxDollars: 240,
  },
};

const CENT_ENDINGS = [99, 99, 99, 49, 95, 0] as const;

/** A seeded product catalogue: names and brands from Faker, prices and stock from the RNG. */
export function buildCatalogue(faker: Faker, rng: Rng, size = 200): Catalogue {
  const categories = Object.keys(DEPARTMENTS);
  const brands = new Map(categories.map((c) => [c, brandsFor(faker)]));
  const products = Array.from({ length: size }, (_, i) => {
    const category = rng.pick(categories);
    return makeProduct(faker, rng, i, category, rng.pick(brands.get(category) ?? []));
  });
  const weights = popularity(rng, size);
  const byCategory = new Map(categories.map((c) => [c, products.filter((p) => p.category === c)]));
  return {
    products,
    categories,
    pick: (r) => products[weightedIndex(weights, r)] ?? r.pick(products),
    pickIn: (category, r) => {
      const inCategory = byCategory.get(category) ?? [];
      return inCategory.length > 0 ? r.pick(inCategory) : r.pick(products);
    },
  };
}

function brandsFor(faker: Faker): string[] {
  return Array.from({ length: 4 }, () => faker.person.lastName());
}

function makeProduct(faker: Faker, rng: Rng, index: number, category: string, brand: string) {
  const department = DEPARTMENTS[category];
  if (!department) throw new Error(`unknown department ${category}`);
  const noun = rng.pick(department.nouns);
  const name = `${faker.commerce.productAdjective()} ${faker.commerce.productMaterial()} ${noun}`;
  // Log-uniform prices: many cheap items, a few expensive ones.
  const span = Math.log(department.maxDollars / department.minDollars);
  const dollars = Math.round(department.minDollars * Math.exp(rng.float() * span));
  const ending = rng.pick(CENT_ENDINGS);
  const priceCents = ending === 0 ? dollars * 100 : (dollars - 1) * 100 + ending;
  return {
    product_id: `prod_${String(index + 1).padStart(4, '0')}`,
    sku: `${category.slice(0, 3).toUpperCase()}-${10000 + index * 37 + rng.int(0, 36)}`,
    name,
    category,
    brand,
    priceCents,
    stock: rng.chance(0.04) ? 0 : rng.int(1, 400),
  } satisfies Product;
}

/** Cumulative Zipf-like weights over a shuffled ranking: a few products get most views. */
function popularity(rng: Rng, size: number): number[] {
  const ranks = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = ranks[i] ?? 0;
    ranks[i] = ranks[j] ?? 0;
    ranks[j] = a;
  }
  let total = 0;
  return ranks.map((rank) => (total += 1 / Math.pow(rank + 1, 0.8)));
}

function weightedIndex(cumulative: readonly number[], rng: Rng): number {
  const target = rng.float() * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
