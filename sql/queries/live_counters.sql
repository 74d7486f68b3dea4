-- Totals per bucket across event types; net revenue = gross - refunds.
select
  bucket_at,
  sum(events) as events,
  sum(sessions_started) as sessions_started,
  sum(orders) as orders,
  sum(gross_revenue) as gross_revenue,
  sum(refunds) as refunds,
  sum(gross_revenue) - sum(refunds) as net_revenue
from live_counters
where grain = $1 and bucket_at >= $2
group by bucket_at
order by bucket_at
