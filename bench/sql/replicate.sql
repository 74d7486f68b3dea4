-- Copy $1 of the generated shop: the same days and habits, other shoppers. Every id that
-- must stay unique gets the copy's suffix; seqs move past the original's; times move by
-- $1 seconds so copies interleave rather than stack.
insert into silver_events
select seq + $1 * $2, message_id || '~' || $1, type, event_type,
  case when user_id is null then null else user_id || '~' || $1 end,
  case when anonymous_id is null then null else anonymous_id || '~' || $1 end,
  user_key || '~' || $1, event_at + $1 * interval '1 second', received_at + $1 * interval '1 second',
  sent_at, original_at, client_session_id, page_url, page_path, page_referrer, page_title,
  utm_source, utm_medium, utm_campaign, utm_term, utm_content, device_type, browser, os, is_bot,
  locale, timezone, country, ip, product_id, product_name, category, brand, price, quantity,
  case when order_id is null then null else order_id || '~' || $1 end,
  currency, search_query, properties, write_key_id, request_id, source
from silver_events where seq <= $2;

insert into silver_orders
select order_id || '~' || $1, seq + $1 * $2, message_id || '~' || $1,
  case when user_id is null then null else user_id || '~' || $1 end,
  case when anonymous_id is null then null else anonymous_id || '~' || $1 end,
  user_key || '~' || $1, ordered_at + $1 * interval '1 second', currency, revenue,
  non_product_revenue, tax, shipping, discount, total, payment_method, line_count, units
from silver_orders where seq <= $2;

insert into silver_order_lines
select order_id || '~' || $1, line_no, seq + $1 * $2, product_id, sku, name, category, brand,
  line_type, price, quantity, line_revenue
from silver_order_lines where seq <= $2;

insert into silver_refunds
select seq + $1 * $2, message_id || '~' || $1, order_id || '~' || $1, kind,
  refunded_at + $1 * interval '1 second', amount, total, currency, reason, user_key || '~' || $1,
  line_count
from silver_refunds where seq <= $2;

insert into silver_refund_lines
select seq + $1 * $2, line_no, order_id || '~' || $1, product_id, price, quantity, amount
from silver_refund_lines where seq <= $2;

insert into silver_adjustment_lines
select seq + $1 * $2, line_no, message_id || '~' || $1, adjustment_id || '~' || $1, kind,
  adjusted_at + $1 * interval '1 second', user_key || '~' || $1, product_id, name, price,
  quantity, amount, currency, reason
from silver_adjustment_lines where seq <= $2;

insert into silver_customer_traits
select seq + $1 * $2, message_id || '~' || $1,
  case when user_id is null then null else user_id || '~' || $1 end,
  case when anonymous_id is null then null else anonymous_id || '~' || $1 end,
  user_key || '~' || $1, observed_at + $1 * interval '1 second', email, name, country, city,
  segment, traits
from silver_customer_traits where seq <= $2;
