-- Stored events after seq $1, newest first, at most $2; orders carry their revenue.
select
  e.seq, e.event_at, e.received_at, e.event_type, e.user_key, e.product_id, e.product_name,
  e.order_id, o.revenue::varchar as revenue, e.currency, e.country, e.device_type, e.page_path
from silver_events e
left join silver_orders o on o.seq = e.seq and o.seq > $1
where e.seq > $1
order by e.seq desc
limit $2
