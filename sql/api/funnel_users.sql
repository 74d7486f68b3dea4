-- The user-level funnel over local entry days $1..$2 (inclusive) with a conversion window of
-- $3 hours (1..24, at most the window int_funnel_users was built with), without breakdown:
-- one row 'all'. A user counts once over the range (distinct users, never a sum of daily
-- counts): they reach step k when any of their entries in the range reached it within $3
-- hours of its entry page view. Step times in int_funnel_users are the first in-order events
-- of the built (24 h) window, so `step_k_at <= entry_at + $3 h` is exactly the funnel of the
-- shorter window, and nested (step_k_at >= step_(k-1)_at). funnel_users_by.sql is the same
-- per breakdown value; this one skips finding each user's first entry.
with

users as (
  select
    user_key,
    max(case
      when step_5_at <= entry_at + cast($3 as integer) * interval '1 hour' then 5
      when step_4_at <= entry_at + cast($3 as integer) * interval '1 hour' then 4
      when step_3_at <= entry_at + cast($3 as integer) * interval '1 hour' then 3
      when step_2_at <= entry_at + cast($3 as integer) * interval '1 hour' then 2
      else 1
    end) as reached
  from int_funnel_users
  where entry_day between cast($1 as date) and cast($2 as date)
  group by user_key
)

select
  'all' as value,
  cast(count(*) as integer) as step_1,
  cast(count(*) filter (where reached >= 2) as integer) as step_2,
  cast(count(*) filter (where reached >= 3) as integer) as step_3,
  cast(count(*) filter (where reached >= 4) as integer) as step_4,
  cast(count(*) filter (where reached >= 5) as integer) as step_5
from users
