-- The user-level funnel per local entry day $1..$2 (inclusive) with a window of $3 hours:
-- per day, the users who entered that day (one row of int_funnel_users each) and how far
-- that entry got within $3 hours. Days without entries are absent.
select
  cast(entry_day as varchar) as day,
  cast(count(*) as integer) as step_1,
  cast(count(*) filter (where step_2_at <= entry_at + cast($3 as integer) * interval '1 hour') as integer) as step_2,
  cast(count(*) filter (where step_3_at <= entry_at + cast($3 as integer) * interval '1 hour') as integer) as step_3,
  cast(count(*) filter (where step_4_at <= entry_at + cast($3 as integer) * interval '1 hour') as integer) as step_4,
  cast(count(*) filter (where step_5_at <= entry_at + cast($3 as integer) * interval '1 hour') as integer) as step_5
from int_funnel_users
where entry_day between cast($1 as date) and cast($2 as date)
group by entry_day
order by entry_day
