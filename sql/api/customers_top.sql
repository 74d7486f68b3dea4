-- The $1 customers with the highest lifetime value (mart_customers, net product revenue of
-- all their orders; ties by user_key), with contact, orders, AOV, first and last order (UTC,
-- and the local day of the last), lifecycle stage, RFM segment and cell, and value tier.
select
  m.user_key,
  m.email,
  m.customer_name,
  m.country,
  cast(m.orders as integer) as orders,
  cast(m.lifetime_value as varchar) as lifetime_value,
  cast(m.aov as varchar) as aov,
  m.first_order_at,
  m.last_order_at,
  cast(m.last_order_day as varchar) as last_order_day,
  cast(m.days_since_last_order as integer) as days_since_last_order,
  m.lifecycle_stage,
  m.rfm_segment,
  cast(m.r_score as varchar) || cast(m.f_score as varchar) || cast(m.m_score as varchar) as rfm_cell,
  m.value_tier
from mart_customers m
where m.orders > 0
order by m.lifetime_value desc, m.user_key
limit $1
