-- The session-level funnel per local day $1..$2 (inclusive) the sessions started on: sessions
-- with a page view and how far each got. Days without such sessions are absent.
select
  cast(session_day as varchar) as day,
  cast(count(*) as integer) as step_1,
  cast(count(*) filter (where reached_step >= 2) as integer) as step_2,
  cast(count(*) filter (where reached_step >= 3) as integer) as step_3,
  cast(count(*) filter (where reached_step >= 4) as integer) as step_4,
  cast(count(*) filter (where reached_step >= 5) as integer) as step_5
from int_funnel_sessions
where session_day between cast($1 as date) and cast($2 as date)
  and reached_step >= 1
group by session_day
order by session_day
