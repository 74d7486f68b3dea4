import type { QuarantineReason } from './reasons.js';

// The rows one processed record becomes in silver, or in quarantine.

export interface SilverEvent {
  seq: number;
  message_id: string;
  type: 'track' | 'page' | 'identify';
  event_type: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  event_at: string;
  received_at: string;
  sent_at: string | null;
  original_at: string | null;
  client_session_id: string | null;
  page_url: string | null;
  page_path: string | null;
  page_referrer: string | null;
  page_title: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  device_type: string;
  browser: string | null;
  os: string | null;
  is_bot: boolean;
  locale: string | null;
  timezone: string | null;
  country: string | null;
  ip: string | null;
  product_id: string | null;
  product_name: string | null;
  category: string | null;
  brand: string | null;
  price: string | null;
  quantity: number | null;
  order_id: string | null;
  currency: string | null;
  search_query: string | null;
  properties: string | null;
  write_key_id: string;
  request_id: string;
  source: string;
}

export interface SilverOrder {
  order_id: string;
  seq: number;
  message_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  ordered_at: string;
  currency: string;
  revenue: string;
  non_product_revenue: string;
  tax: string;
  shipping: string;
  discount: string;
  total: string;
  payment_method: string | null;
  line_count: number;
  units: number;
}

export interface SilverOrderLine {
  order_id: string;
  line_no: number;
  seq: number;
  product_id: string;
  sku: string | null;
  name: string | null;
  category: string | null;
  brand: string | null;
  line_type: string;
  price: string;
  quantity: number;
  line_revenue: string;
}

export interface SilverRefund {
  seq: number;
  message_id: string;
  order_id: string;
  kind: 'refund' | 'cancel';
  refunded_at: string;
  /** Product revenue refunded: the refunded lines; null means the whole order's revenue. */
  amount: string | null;
  /** The amount paid back as the client sent it (may include tax and shipping). */
  total: string | null;
  currency: string | null;
  reason: string | null;
  user_key: string;
  line_count: number;
}

export interface SilverRefundLine {
  seq: number;
  line_no: number;
  order_id: string;
  product_id: string;
  price: string;
  quantity: number;
  amount: string;
}

/**
 * One line of an `adjustment_recorded` event: a stock move, bad debt, free line, unmatched
 * credit or duplicate line, kept apart from orders and refunds. Price and quantity are
 * signed; amount = price x quantity.
 */
export interface SilverAdjustmentLine {
  seq: number;
  line_no: number;
  message_id: string;
  adjustment_id: string;
  kind: string;
  adjusted_at: string;
  user_key: string;
  product_id: string;
  name: string | null;
  price: string;
  quantity: number;
  amount: string;
  currency: string | null;
  reason: string | null;
}

export interface SilverTraits {
  seq: number;
  message_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  observed_at: string;
  email: string | null;
  name: string | null;
  country: string | null;
  city: string | null;
  segment: string | null;
  traits: string;
}

export interface QuarantineInput {
  seq: number;
  quarantined_at: string;
  received_at: string;
  reason: QuarantineReason;
  detail: string;
  message_id: string | null;
  event_name: string | null;
  write_key_id: string;
  request_id: string;
  source: string;
  /** The batch-level sentAt the collector saw, kept so a replay corrects skew the same way. */
  batch_sent_at: string | null;
  raw: string;
}
