import type { Product } from './catalogue.js';
import { money, percentOf, type Cents } from './money.js';
import type { Rng } from './rng.js';
import type { ClientStyle } from './session.js';

export interface CartLine {
  product: Product;
  quantity: number;
}

export interface Order {
  orderId: string;
  lines: readonly CartLine[];
  /** Product revenue: the sum of price * quantity over the lines, before discount. */
  revenue: Cents;
  discount: Cents;
  tax: Cents;
  shipping: Cents;
  /** What the customer paid: revenue - discount + tax + shipping. */
  total: Cents;
  coupon: string | undefined;
  paymentMethod: string;
}

const TAX_PERCENT = 8;
const FREE_SHIPPING_FROM: Cents = 5000;
const SHIPPING: Cents = 499;
const COUPONS = ['WELCOME10', 'SPRING10', 'VIP10'];
const PAYMENT_METHODS = [
  ['credit_card', 55],
  ['paypal', 20],
  ['apple_pay', 12],
  ['google_pay', 8],
  ['gift_card', 5],
] as const;

export function priceOrder(orderId: string, lines: readonly CartLine[], rng: Rng): Order {
  const revenue = lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
  const coupon = rng.chance(0.15) ? rng.pick(COUPONS) : undefined;
  const discount = coupon ? percentOf(revenue, 10) : 0;
  const tax = percentOf(revenue - discount, TAX_PERCENT);
  const shipping = revenue - discount >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
  return {
    orderId,
    lines: lines.map((line) => ({ ...line })),
    revenue,
    discount,
    tax,
    shipping,
    total: revenue - discount + tax + shipping,
    coupon,
    paymentMethod: rng.weighted(PAYMENT_METHODS),
  };
}

export function currency(style: ClientStyle): string {
  return style.lowerCaseCurrency ? 'usd' : 'USD';
}

/** A product event's properties; lines inside an order leave the currency to the order. */
export function productProps(
  product: Product,
  style: ClientStyle,
  quantity?: number,
): Record<string, unknown> {
  return { ...productFields(product, style, quantity), currency: currency(style) };
}

function productFields(product: Product, style: ClientStyle, quantity: number | undefined) {
  return {
    product_id: product.product_id,
    sku: product.sku,
    name: product.name,
    category: product.category,
    brand: product.brand,
    price: money(product.priceCents, style.moneyAsString),
    ...(quantity === undefined ? {} : { quantity }),
  };
}

function lineProps(line: CartLine, style: ClientStyle): Record<string, unknown> {
  return productFields(line.product, style, line.quantity);
}

export function checkoutProps(order: Order, style: ClientStyle): Record<string, unknown> {
  return {
    order_id: order.orderId,
    value: money(order.revenue, style.moneyAsString),
    revenue: money(order.revenue, style.moneyAsString),
    currency: currency(style),
    products: order.lines.map((line) => lineProps(line, style)),
  };
}

export function orderProps(order: Order, style: ClientStyle): Record<string, unknown> {
  const amount = (cents: Cents) => money(cents, style.moneyAsString);
  return {
    order_id: order.orderId,
    total: amount(order.total),
    revenue: amount(order.revenue),
    tax: amount(order.tax),
    shipping: amount(order.shipping),
    discount: amount(order.discount),
    ...(order.coupon ? { coupon: order.coupon } : {}),
    currency: currency(style),
    payment_method: order.paymentMethod,
    products: order.lines.map((line) => lineProps(line, style)),
  };
}

/** A whole-order refund (no `products`, `total` is what was paid) or one line's refund. */
export function refundProps(order: Order, style: ClientStyle, rng: Rng): Record<string, unknown> {
  const base = { order_id: order.orderId, currency: currency(style) };
  const line = order.lines.length > 1 && rng.chance(0.4) ? rng.pick(order.lines) : undefined;
  if (!line) {
    return { ...base, total: money(order.total, style.moneyAsString), reason: 'customer_request' };
  }
  return {
    ...base,
    total: money(line.product.priceCents * line.quantity, style.moneyAsString),
    reason: rng.pick(['damaged', 'wrong_size', 'not_as_described']),
    products: [lineProps(line, style)],
  };
}
