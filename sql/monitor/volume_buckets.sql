-- Stored events, orders and order revenue per bucket of grain $1 ('second' or 'minute') of
-- event time, from $2 (inclusive) to $3 (exclusive), UTC, all event types together, from the
-- live counters. Buckets without events are absent.
select
  bucket_at,
  cast(sum(events) as bigint) as events,
  cast(sum(orders) as bigint) as orders,
  cast(sum(gross_revenue) as varchar) as revenue
from live_counters
where grain = $1
  and bucket_at >= cast($2 as timestamp)
  and bucket_at < cast($3 as timestamp)
group by bucket_at
