-- Quarantine rows per arrival bucket and reason over local days $1..$2 (inclusive) in the
-- reporting time zone $3; $4 = 'day' (bucket = local day, YYYY-MM-DD) or 'hour' (bucket =
-- local hour start, YYYY-MM-DD HH:MM:SS). Quarantine rows carry no trusted event time (many
-- have none at all), so they count by arrival (received_at). Resolved rows (replayed into
-- silver later) count too, and are also counted apart. Rows are grouped per UTC quarter hour
-- first (every zone's offset is a multiple of 15 minutes), so the zone conversion runs on a
-- few buckets, not on every row.
with q as (
  select
    reason,
    cast(floor(extract(epoch from received_at) / 900) as bigint) as quarter,
    count(*) as events,
    count(resolved_at) as resolved
  from quarantine
  where received_at >= cast((cast(cast($1 as date) as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
    and received_at < cast((cast(cast($2 as date) + 1 as timestamp) at time zone $3) at time zone 'UTC' as timestamp)
  group by 1, 2
),
l as (
  select
    reason,
    cast(((cast('1970-01-01 00:00:00' as timestamp) + cast(quarter * 15 as integer) * interval '1 minute')
      at time zone 'UTC') at time zone $3 as timestamp) as local_at,
    events,
    resolved
  from q
)
select
  case when $4 = 'hour' then cast(date_trunc('hour', local_at) as varchar)
       else cast(cast(local_at as date) as varchar) end as bucket,
  reason,
  cast(sum(events) as integer) as events,
  cast(sum(resolved) as integer) as resolved
from l
group by 1, 2
order by 1, 2
