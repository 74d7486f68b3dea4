import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Event contract v1: the single source of truth. The JSON Schema file
 * (schemas/event-v1.json), the TypeScript types and the validator all come from here.
 */
export const CONTRACT_VERSION = 1;

const Id = Type.String({ minLength: 1, maxLength: 256 });
const Timestamp = Type.String({ maxLength: 64, description: 'ISO 8601 date-time with a zone' });
/** Money and prices: a JSON number or a decimal string ("19.99"); stored as DECIMAL. */
export const Money = Type.Union([
  // Bounded below a trillion: JSON numbers like 1e400 parse to Infinity, and every stored
  // amount must fit DECIMAL(18,4).
  Type.Number({ minimum: -1e12, maximum: 1e12 }),
  Type.String({ pattern: '^-?[0-9]{1,12}(\\.[0-9]{1,6})?$' }),
]);
const Text = (maxLength = 1024) => Type.String({ maxLength });

export const Campaign = Type.Object({
  source: Type.Optional(Text(256)),
  medium: Type.Optional(Text(256)),
  name: Type.Optional(Text(256)),
  term: Type.Optional(Text(256)),
  content: Type.Optional(Text(256)),
});

export const Context = Type.Object({
  ip: Type.Optional(Text(64)),
  userAgent: Type.Optional(Text(2048)),
  locale: Type.Optional(Text(64)),
  timezone: Type.Optional(Text(64)),
  sessionId: Type.Optional(Type.Union([Text(256), Type.Number()])),
  page: Type.Optional(
    Type.Object({
      url: Type.Optional(Text(4096)),
      path: Type.Optional(Text(2048)),
      referrer: Type.Optional(Text(4096)),
      title: Type.Optional(Text(1024)),
      search: Type.Optional(Text(2048)),
    }),
  ),
  campaign: Type.Optional(Campaign),
  location: Type.Optional(
    Type.Object({ country: Type.Optional(Text(64)), city: Type.Optional(Text(128)) }),
  ),
});

export const Envelope = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 32 }),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    name: Type.Optional(Text(1024)),
    messageId: Type.Optional(Id),
    userId: Type.Optional(Type.Union([Id, Type.Null()])),
    anonymousId: Type.Optional(Type.Union([Id, Type.Null()])),
    timestamp: Type.Optional(Timestamp),
    originalTimestamp: Type.Optional(Timestamp),
    sentAt: Type.Optional(Timestamp),
    context: Type.Optional(Context),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    traits: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'storepulse/event/v1/envelope' },
);
export type Envelope = Static<typeof Envelope>;

export const ProductLine = Type.Object({
  product_id: Id,
  sku: Type.Optional(Text(256)),
  name: Type.Optional(Text(1024)),
  category: Type.Optional(Text(512)),
  brand: Type.Optional(Text(256)),
  price: Money,
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  /** storepulse extension: non-product lines (postage, fees, ...) are kept apart from revenue. */
  line_type: Type.Optional(
    Type.Union([
      Type.Literal('product'),
      Type.Literal('shipping'),
      Type.Literal('fee'),
      Type.Literal('discount'),
      Type.Literal('manual'),
    ]),
  ),
});
export type ProductLine = Static<typeof ProductLine>;

const Currency = Type.String({ pattern: '^[A-Za-z]{3}$' });
/** Lines in one event's `products`: a real invoice has over a thousand. */
const MAX_LINES = 5000;

export const ProductProps = Type.Object({
  product_id: Id,
  sku: Type.Optional(Text(256)),
  name: Type.Optional(Text(1024)),
  category: Type.Optional(Text(512)),
  brand: Type.Optional(Text(256)),
  price: Type.Optional(Money),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  currency: Type.Optional(Currency),
});

export const SearchProps = Type.Object({ query: Text(1024) });

export const CheckoutProps = Type.Object({
  order_id: Type.Optional(Id),
  revenue: Type.Optional(Money),
  value: Type.Optional(Money),
  currency: Type.Optional(Currency),
  products: Type.Optional(Type.Array(ProductLine, { maxItems: MAX_LINES })),
});

export const OrderProps = Type.Object({
  order_id: Id,
  revenue: Type.Optional(Money),
  tax: Type.Optional(Money),
  shipping: Type.Optional(Money),
  discount: Type.Optional(Money),
  currency: Type.Optional(Currency),
  payment_method: Type.Optional(Text(64)),
  products: Type.Array(ProductLine, { minItems: 1, maxItems: MAX_LINES }),
});

/** A refund or cancellation: the whole order when `products` is absent, else those lines. */
export const RefundProps = Type.Object({
  order_id: Id,
  total: Type.Optional(Money),
  currency: Type.Optional(Currency),
  reason: Type.Optional(Text(512)),
  products: Type.Optional(Type.Array(ProductLine, { minItems: 1, maxItems: MAX_LINES })),
});

/** What an adjustment records: stock moves and credits kept apart from sales. */
export const ADJUSTMENT_KINDS = [
  'stock',
  'bad_debt',
  'free_line',
  'unmatched_cancellation',
  'non_product_credit',
  'duplicate_line',
  'other',
] as const;

/** A line of an adjustment: price and quantity are signed (a credit, a stock write-off). */
export const AdjustmentLine = Type.Object({
  product_id: Id,
  name: Type.Optional(Text(1024)),
  price: Money,
  quantity: Type.Integer({
    minimum: -1_000_000,
    maximum: 1_000_000,
    not: { const: 0 },
    description: 'signed, never zero',
  }),
});
export type AdjustmentLine = Static<typeof AdjustmentLine>;

/** Stock adjustments, bad debt, unmatched credits, duplicate lines: never a sale or refund. */
export const AdjustmentProps = Type.Object({
  adjustment_id: Id,
  kind: Type.Union(ADJUSTMENT_KINDS.map((k) => Type.Literal(k))),
  reason: Type.Optional(Text(512)),
  currency: Type.Optional(Currency),
  products: Type.Array(AdjustmentLine, { minItems: 1, maxItems: MAX_LINES }),
});

export const Traits = Type.Object({
  email: Type.Optional(Text(320)),
  name: Type.Optional(Text(256)),
  country: Type.Optional(Text(64)),
  city: Type.Optional(Text(128)),
  segment: Type.Optional(Text(64)),
});

export const NoProps = Type.Object({});

/** Canonical event names and the schema of their `properties` (or `traits` for identify). */
export const EventSchemas = {
  page_view: NoProps,
  identify: Traits,
  product_viewed: ProductProps,
  products_searched: SearchProps,
  product_added: ProductProps,
  product_removed: ProductProps,
  checkout_started: CheckoutProps,
  order_completed: OrderProps,
  order_refunded: RefundProps,
  order_cancelled: RefundProps,
  signed_up: NoProps,
  logged_in: NoProps,
  adjustment_recorded: AdjustmentProps,
} satisfies Record<string, TSchema>;

export type CanonicalEvent = keyof typeof EventSchemas;
export type OrderProps = Static<typeof OrderProps>;
export type RefundProps = Static<typeof RefundProps>;
export type ProductProps = Static<typeof ProductProps>;
export type Traits = Static<typeof Traits>;
export type AdjustmentProps = Static<typeof AdjustmentProps>;
