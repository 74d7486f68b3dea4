import type { Faker } from '@faker-js/faker';
import type { Catalogue, Product } from './catalogue.js';
import type { Customer, Population, Visitor } from './customers.js';
import { botUserAgent, userAgentFor } from './devices.js';
import { checkoutProps, orderProps, priceOrder, productProps, refundProps } from './orders.js';
import type { CartLine } from './orders.js';
import { pickPlace } from './places.js';
import type { Rng } from './rng.js';
import { SEGMENTS } from './segments.js';
import { SessionWriter, type Step, type Steps, type Visit } from './session.js';
import { pickArrival } from './traffic.js';

export interface Shop {
  faker: Faker;
  rng: Rng;
  catalogue: Catalogue;
  population: Population;
}

const REFUND_RATE = 0.06;
const QUANTITIES = [
  [1, 80],
  [2, 15],
  [3, 5],
] as const;

/** One shopper's whole session, from landing to (sometimes) an order and a later refund. */
export function* shopperSession(shop: Shop, start: number): Steps {
  const { rng, catalogue } = shop;
  const visitor = shop.population.nextVisitor();
  const w = new SessionWriter(rng, start, makeVisit(shop, visitor));
  const profile = SEGMENTS[visitor.segment];
  yield land(w, shop);
  if (visitor.customer && w.visit.userId === undefined && rng.chance(0.3)) {
    yield* logIn(w, visitor.customer);
  } else if (visitor.customer?.traitsChanged && w.visit.userId !== undefined) {
    yield w.identify(visitor.customer.userId, traitsOf(visitor.customer));
  }
  const focus = rng.chance(profile.search) ? yield* search(w, shop) : undefined;
  const cart = new Map<string, CartLine>();
  const views = rng.int(profile.minViews, profile.maxViews);
  for (let i = 0; i < views; i++) {
    const product = focus ? catalogue.pickIn(focus, rng) : catalogue.pick(rng);
    yield* viewProduct(w, product);
    if (product.stock > 0 && rng.chance(profile.addToCart)) yield addToCart(w, rng, cart, product);
    if (cart.size > 0 && rng.chance(profile.removeFromCart)) yield removeFromCart(w, rng, cart);
  }
  if (cart.size > 0 && rng.chance(profile.checkout)) {
    yield* checkout(w, shop, visitor, [...cart.values()], profile.purchase);
  } else if (!visitor.customer && w.visit.userId === undefined && rng.chance(0.1)) {
    yield* signUp(w, shop, visitor);
  }
}

/** A crawler: quick page and product views, no identity, no cart. */
export function* botSession(shop: Shop, start: number): Steps {
  const { rng } = shop;
  const visit: Visit = {
    sessionId: `sess_${rng.token(12)}`,
    anonymousId: rng.uuid(),
    userId: undefined,
    ip: shop.faker.internet.ipv4(),
    userAgent: botUserAgent(rng),
    place: pickPlace(rng),
    arrival: { kind: 'direct', referrer: '', utm: undefined, campaignInContext: false },
    style: { snakeCaseNames: false, moneyAsString: false, lowerCaseCurrency: false },
  };
  const w = new SessionWriter(rng, start, visit);
  yield w.viewPage('Home', '/');
  const views = rng.int(2, 5);
  for (let i = 0; i < views; i++) yield* viewProduct(w, shop.catalogue.pick(rng), 0);
}

function makeVisit(shop: Shop, visitor: Visitor): Visit {
  const { rng } = shop;
  const loggedIn = visitor.customer !== undefined && rng.chance(0.55);
  return {
    sessionId: `sess_${rng.token(12)}`,
    anonymousId: visitor.anonymousId,
    userId: loggedIn ? visitor.customer?.userId : undefined,
    ip: shop.faker.internet.ipv4(),
    userAgent: userAgentFor(visitor.device, rng),
    place: visitor.place,
    arrival: pickArrival(rng),
    style: {
      snakeCaseNames: rng.chance(0.15),
      moneyAsString: rng.chance(0.3),
      lowerCaseCurrency: rng.chance(0.08),
    },
  };
}

function land(w: SessionWriter, shop: Shop): Step {
  const where = shop.rng.weighted([
    ['home', 50],
    ['category', 35],
    ['sale', 15],
  ]);
  if (where === 'home') return w.viewPage('Home', '/');
  if (where === 'sale') return w.viewPage('Sale', '/sale');
  const category = shop.rng.pick(shop.catalogue.categories);
  return w.viewPage(category, `/c/${category.toLowerCase()}`);
}

/** Searches a category by one of its product words; the views that follow stay in it. */
function* search(w: SessionWriter, shop: Shop): Generator<Step, string, undefined> {
  const category = shop.rng.pick(shop.catalogue.categories);
  const word = shop.catalogue.pickIn(category, shop.rng).name.split(' ').pop() ?? category;
  const query = word.toLowerCase().replace(/-/g, ' ');
  w.wait(3, 20);
  yield w.viewPage('Search', '/search', `?q=${encodeURIComponent(query)}`);
  yield w.track('products_searched', () => ({ query }));
  return category;
}

function* viewProduct(w: SessionWriter, product: Product, minSeconds = 4): Steps {
  w.wait(minSeconds, minSeconds * 10 + 2);
  yield w.viewPage(product.name, `/p/${product.product_id}`);
  w.wait(0, 2);
  yield w.track('product_viewed', () => productProps(product, w.visit.style));
}

function addToCart(
  w: SessionWriter,
  rng: Rng,
  cart: Map<string, CartLine>,
  product: Product,
): Step {
  const quantity = rng.weighted(QUANTITIES);
  const inCart = cart.get(product.product_id)?.quantity ?? 0;
  cart.set(product.product_id, { product, quantity: inCart + quantity });
  w.wait(5, 60);
  return w.track('product_added', () => productProps(product, w.visit.style, quantity));
}

function removeFromCart(w: SessionWriter, rng: Rng, cart: Map<string, CartLine>): Step {
  const line = rng.pick([...cart.values()]);
  cart.delete(line.product.product_id);
  w.wait(3, 30);
  return w.track('product_removed', () => productProps(line.product, w.visit.style, line.quantity));
}

function* checkout(
  w: SessionWriter,
  shop: Shop,
  visitor: Visitor,
  lines: CartLine[],
  purchaseRate: number,
): Steps {
  const { rng } = shop;
  const style = w.visit.style;
  w.wait(5, 30);
  yield w.viewPage('Cart', '/cart');
  if (w.visit.userId === undefined) {
    if (visitor.customer && rng.chance(0.85)) yield* logIn(w, visitor.customer);
    else if (!visitor.customer && rng.chance(0.6)) yield* signUp(w, shop, visitor);
  }
  w.wait(10, 60);
  yield w.viewPage('Checkout', '/checkout');
  const order = priceOrder(`ORD-${rng.token(10).toUpperCase()}`, lines, rng);
  yield w.track('checkout_started', () => checkoutProps(order, style));
  if (!rng.chance(purchaseRate)) return;
  w.wait(30, 180);
  yield w.track('order_completed', () => orderProps(order, style));
  if (rng.chance(REFUND_RATE)) {
    const delay = rng.int(10 * 60_000, 6 * 3_600_000);
    yield w.later(delay, 'order_refunded', () => refundProps(order, style, rng));
  }
}

function* logIn(w: SessionWriter, customer: Customer): Steps {
  w.wait(5, 25);
  yield w.identify(customer.userId, traitsOf(customer));
  yield w.track('logged_in', () => ({}));
}

function* signUp(w: SessionWriter, shop: Shop, visitor: Visitor): Steps {
  const customer = shop.population.register(visitor);
  w.wait(20, 90);
  yield w.identify(customer.userId, traitsOf(customer));
  yield w.track('signed_up', () => ({}));
}

/** The traits as they are now: a later move or segment change must not rewrite this call. */
function traitsOf(customer: Customer): () => Record<string, unknown> {
  customer.traitsChanged = false;
  const { email, name, place, segment } = customer;
  const traits = { email, name, country: place.country, city: place.city, segment };
  return () => ({ ...traits });
}
