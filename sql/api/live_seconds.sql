-- Live counters per second of event time since $1 (UTC), all event types together.
select
  bucket_at,
  sum(events)::bigint as events,
  sum(orders)::bigint as orders,
  (sum(gross_revenue) - sum(refunds))::varchar as net_revenue
from live_counters
where grain = 'second' and bucket_at >= $1
group by bucket_at
order by bucket_at
