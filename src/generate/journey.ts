import type { Faker } from '@faker-js/faker';
import type { Catalogue, Product } from './catalogue.js';
import type { Customer, Population, Visitor } from './customers.js';
import { botUserAgent, userAgentFor } from './devices.js';
import { checkoutProps, orderProps, priceOrder, productProps, refundProps } from './orders.js';
import type { CartLine } from './orders.js';
import { pickPlace } from './places.js';
import type { Rng } from './rng.js';
import { SEGMENTS } from './segments.js';
import { SessionWriter, type Draft, type Visit } from './session.js';
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
export function planSession(shop: Shop, start: number): Draft[] {
  const visitor = shop.population.nextVisitor();
  const w = new SessionWriter(shop.rng, start, makeVisit(shop, visitor));
  const profile = SEGMENTS[visitor.segment];
  land(w, shop);
  if (visitor.customer && w.visit.userId === undefined && shop.rng.chance(0.3)) {
    logIn(w, visitor.customer);
  } else if (visitor.customer?.traitsChanged && w.visit.userId !== undefined) {
    w.identify(visitor.customer.userId, traitsOf(visitor.customer));
  }
  const focus = shop.rng.chance(profile.search) ? search(w, shop) : undefined;
  const cart = new Map<string, CartLine>();
  const views = shop.rng.int(profile.minViews, profile.maxViews);
  for (let i = 0; i < views; i++) {
    const product = focus ? shop.catalogue.pickIn(focus, shop.rng) : shop.catalogue.pick(shop.rng);
    viewProduct(w, shop, product);
    if (product.stock > 0 && shop.rng.chance(profile.addToCart)) addToCart(w, shop, cart, product);
    if (cart.size > 0 && shop.rng.chance(profile.removeFromCart)) removeFromCart(w, shop, cart);
  }
  if (cart.size > 0 && shop.rng.chance(profile.checkout)) {
    checkout(w, shop, visitor, [...cart.values()], profile.purchase);
  } else if (!visitor.customer && w.visit.userId === undefined && shop.rng.chance(0.1)) {
    signUp(w, shop, visitor);
  }
  return w.drafts;
}

/** A crawler: fast page and product views, no identity, no cart. */
export function planBotSession(shop: Shop, start: number): Draft[] {
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
  w.viewPage('Home', '/');
  const views = rng.int(2, 5);
  for (let i = 0; i < views; i++) viewProduct(w, shop, shop.catalogue.pick(rng), 0);
  return w.drafts;
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

function land(w: SessionWriter, shop: Shop): void {
  const where = shop.rng.weighted([
    ['home', 50],
    ['category', 35],
    ['sale', 15],
  ]);
  if (where === 'home') w.viewPage('Home', '/');
  else if (where === 'sale') w.viewPage('Sale', '/sale');
  else {
    const category = shop.rng.pick(shop.catalogue.categories);
    w.viewPage(category, `/c/${category.toLowerCase()}`);
  }
}

/** Searches a category by one of its product words; the views that follow stay in it. */
function search(w: SessionWriter, shop: Shop): string {
  const category = shop.rng.pick(shop.catalogue.categories);
  const query = (shop.catalogue.pickIn(category, shop.rng).name.split(' ').pop() ?? category)
    .toLowerCase()
    .replace(/-/g, ' ');
  w.wait(3, 20);
  w.viewPage('Search', '/search', `?q=${encodeURIComponent(query)}`);
  w.track('products_searched', { query });
  return category;
}

function viewProduct(w: SessionWriter, shop: Shop, product: Product, minSeconds = 4): void {
  w.wait(minSeconds, minSeconds * 10 + 2);
  w.viewPage(product.name, `/p/${product.product_id}`);
  w.wait(0, 2);
  w.track('product_viewed', productProps(product, w.visit.style));
}

function addToCart(w: SessionWriter, shop: Shop, cart: Map<string, CartLine>, product: Product) {
  const quantity = shop.rng.weighted(QUANTITIES);
  const line = cart.get(product.product_id) ?? { product, quantity: 0 };
  cart.set(product.product_id, { product, quantity: line.quantity + quantity });
  w.wait(5, 60);
  w.track('product_added', productProps(product, w.visit.style, quantity));
}

function removeFromCart(w: SessionWriter, shop: Shop, cart: Map<string, CartLine>): void {
  const line = shop.rng.pick([...cart.values()]);
  cart.delete(line.product.product_id);
  w.wait(3, 30);
  w.track('product_removed', productProps(line.product, w.visit.style, line.quantity));
}

function checkout(
  w: SessionWriter,
  shop: Shop,
  visitor: Visitor,
  lines: CartLine[],
  purchaseRate: number,
): void {
  const { rng } = shop;
  w.wait(5, 30);
  w.viewPage('Cart', '/cart');
  if (w.visit.userId === undefined) {
    if (visitor.customer && rng.chance(0.85)) logIn(w, visitor.customer);
    else if (!visitor.customer && rng.chance(0.6)) signUp(w, shop, visitor);
  }
  w.wait(10, 60);
  w.viewPage('Checkout', '/checkout');
  const order = priceOrder(`ORD-${rng.token(10).toUpperCase()}`, lines, rng);
  w.track('checkout_started', checkoutProps(order, w.visit.style));
  if (!rng.chance(purchaseRate)) return;
  w.wait(30, 180);
  w.track('order_completed', orderProps(order, w.visit.style));
  if (rng.chance(REFUND_RATE)) {
    const delay = rng.int(10 * 60_000, 6 * 3_600_000);
    w.later(delay, 'order_refunded', refundProps(order, w.visit.style, rng));
  }
}

function logIn(w: SessionWriter, customer: Customer): void {
  w.wait(5, 25);
  w.identify(customer.userId, traitsOf(customer));
  w.track('logged_in', {});
}

function signUp(w: SessionWriter, shop: Shop, visitor: Visitor): void {
  const customer = shop.population.register(visitor);
  w.wait(20, 90);
  w.identify(customer.userId, traitsOf(customer));
  w.track('signed_up', {});
}

function traitsOf(customer: Customer): Record<string, unknown> {
  customer.traitsChanged = false;
  const { email, name, place, segment } = customer;
  return { email, name, country: place.country, city: place.city, segment };
}
