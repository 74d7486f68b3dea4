-- The $1 hot leads with the highest purchase propensity (mart_hot_leads, lead_rank 1 first):
-- contact, when the latest abandoned cart ended (UTC) and what is still in it.
select
  cast(lead_rank as integer) as lead_rank,
  user_key,
  email,
  customer_name,
  country,
  propensity_score,
  last_abandoned_at,
  cast(minutes_since_abandoned as integer) as minutes_since_abandoned,
  cast(cart_items as integer) as cart_items,
  cast(cart_units as integer) as cart_units,
  cast(cart_value as varchar) as cart_value,
  cart_products,
  cast(orders as integer) as orders,
  cast(lifetime_value as varchar) as lifetime_value
from mart_hot_leads h
order by h.lead_rank
limit $1
