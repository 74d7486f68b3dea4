-- Stored events and orders per UTC minute of event time from $1 (inclusive) to $2
-- (exclusive), both UTC, from the live per-minute counters (all event types together).
-- Minutes without events are absent. Event time, not arrival: a late event counts in its
-- own (older) minute.
select
  bucket_at as minute,
  cast(sum(events) as integer) as events,
  cast(sum(orders) as integer) as orders
from live_counters
where grain = 'minute'
  and bucket_at >= cast($1 as timestamp)
  and bucket_at < cast($2 as timestamp)
group by bucket_at
order by bucket_at
