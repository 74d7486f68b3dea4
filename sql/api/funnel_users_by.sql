-- The user-level funnel over local entry days $1..$2 (inclusive) with a conversion window of
-- $3 hours (1..24, at most the window int_funnel_users was built with), per value of the
-- breakdown $4 ('device', 'traffic_source', 'country'; anything else: one row 'all').
-- A user counts once over the range (distinct users, never a sum of daily counts): they
-- reach step k when any of their entries in the range reached it within $3 hours of its
-- entry page view. Step times in int_funnel_users are the first in-order events of the
-- built (24 h) window, so `step_k_at <= entry_at + $3 h` is exactly the funnel of the
-- shorter window, and nested (step_k_at >= step_(k-1)_at). A user's breakdown value is that
-- of their first entry in the range.
with

entries as (
  select
    user_key,
    entry_at,
    case cast($4 as varchar)
      when 'device' then device_type
      when 'traffic_source' then traffic_source
      when 'country' then country
      else 'all'
    end as value,
    case
      when step_5_at <= entry_at + cast($3 as integer) * interval '1 hour' then 5
      when step_4_at <= entry_at + cast($3 as integer) * interval '1 hour' then 4
      when step_3_at <= entry_at + cast($3 as integer) * interval '1 hour' then 3
      when step_2_at <= entry_at + cast($3 as integer) * interval '1 hour' then 2
      else 1
    end as reached
  from int_funnel_users
  where entry_day between cast($1 as date) and cast($2 as date)
),

users as (
  select user_key, min(entry_at) as first_entry_at, max(reached) as reached
  from entries
  group by user_key
),

attributed as (
  select u.user_key, u.reached, e.value
  from users u
  join entries e on e.user_key = u.user_key and e.entry_at = u.first_entry_at
)

select
  value,
  cast(count(*) as integer) as step_1,
  cast(count(*) filter (where reached >= 2) as integer) as step_2,
  cast(count(*) filter (where reached >= 3) as integer) as step_3,
  cast(count(*) filter (where reached >= 4) as integer) as step_4,
  cast(count(*) filter (where reached >= 5) as integer) as step_5
from attributed
group by value
order by step_1 desc, value
