-- Events stored in silver per bucket over local days $1..$2 (inclusive) in the reporting
-- time zone $3, from the live per-minute counters (event time: the counters have no arrival
-- time); $4 = 'day' (bucket = local day, YYYY-MM-DD) or 'hour' (bucket = local hour start,
-- YYYY-MM-DD HH:MM:SS). Minutes are summed per UTC quarter hour first (every zone's offset
-- is a multiple of 15 minutes), so the zone conversion runs on a few buckets.
with q as (
  select cast(floor(extract(epoch from bucket_at) / 900) as bigint) as quarter, sum(events) as events
  from live_counters
  where grain = 'minute'
    and bucket_at >= cast((cast(cast($1 as date) as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
    and bucket_at < cast((cast(cast($2 as date) + 1 as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
  group by 1
),
l as (
  select
    cast(((cast('1970-01-01 00:00:00' as timestamp) + cast(quarter * 15 as integer) * interval '1 minute')
      at time zone 'UTC') at time zone $3 as timestamp) as local_at,
    events
  from q
)
select
  case when $4 = 'hour' then cast(date_trunc('hour', local_at) as varchar)
       else cast(cast(local_at as date) as varchar) end as bucket,
  cast(sum(events) as integer) as events
from l
group by 1
order by 1
