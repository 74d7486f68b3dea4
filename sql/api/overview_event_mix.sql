-- Stored events per type over local days $1..$2 in time zone $3, from the live per-minute
-- counters (UTC minutes, so the range's edges are converted to UTC instants).
select event_type, cast(sum(events) as integer) as events
from live_counters
where grain = 'minute'
  and bucket_at >= cast((cast(cast($1 as date) as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
  and bucket_at < cast((cast(cast($2 as date) + 1 as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
group by event_type
order by events desc, event_type
