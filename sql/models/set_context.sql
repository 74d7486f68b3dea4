-- $1 as_of, $2 window_start (UTC wall time), $3 reporting time zone, $4-$6 the settings,
-- $7 the run's silver watermark.
-- Local days are computed here, by the engine's time zone database, so DST is exact.
insert into ops_run_context
select
  cast($7 as bigint),
  as_of,
  cast((as_of at time zone 'UTC') at time zone tz as date),
  tz,
  window_start,
  window_day,
  cast((cast(window_day as timestamp) at time zone tz) at time zone 'UTC' as timestamp),
  $4,
  $5,
  $6
from (
  select
    as_of,
    window_start,
    tz,
    cast((window_start at time zone 'UTC') at time zone tz as date) as window_day
  from (
    select cast($1 as timestamp) as as_of, cast($2 as timestamp) as window_start, cast($3 as varchar) as tz
  ) p
) w
