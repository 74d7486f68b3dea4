-- The session-level funnel over sessions started on local days $1..$2 (inclusive), per value
-- of the breakdown $3 ('device', 'traffic_source', 'country'; anything else: one row 'all').
-- The window is the session itself; sessions without a page view (reached_step 0) are not in
-- the funnel. Breakdown values are the session's (its first event's).
select
  case cast($3 as varchar)
    when 'device' then device_type
    when 'traffic_source' then traffic_source
    when 'country' then country
    else 'all'
  end as value,
  cast(count(*) as integer) as step_1,
  cast(count(*) filter (where reached_step >= 2) as integer) as step_2,
  cast(count(*) filter (where reached_step >= 3) as integer) as step_3,
  cast(count(*) filter (where reached_step >= 4) as integer) as step_4,
  cast(count(*) filter (where reached_step >= 5) as integer) as step_5
from int_funnel_sessions
where session_day between cast($1 as date) and cast($2 as date)
  and reached_step >= 1
group by 1
order by step_1 desc, value
