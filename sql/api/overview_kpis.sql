-- KPI totals over local days $1..$2 (inclusive): sums of the daily KPIs, rates recomputed
-- from their sums, and active users as distinct users (never a sum of daily users).
with days as (
  select
    sum(net_revenue) as net_revenue,
    sum(gross_revenue) as gross_revenue,
    sum(refunds) as refunds,
    sum(orders) as orders,
    sum(sessions) as sessions,
    sum(sessions_with_order) as sessions_with_order
  from mart_daily_kpis
  where day between cast($1 as date) and cast($2 as date)
),
users as (
  select count(distinct user_key) as active_users
  from int_user_days
  where day between cast($1 as date) and cast($2 as date) and visited
)
select
  -- Typed zeros: a bare 0 prints as '0' on PostgreSQL, '0.0000' on DuckDB.
  cast(coalesce(net_revenue, cast(0 as decimal(18, 4))) as varchar) as net_revenue,
  cast(coalesce(gross_revenue, cast(0 as decimal(18, 4))) as varchar) as gross_revenue,
  cast(coalesce(refunds, cast(0 as decimal(18, 4))) as varchar) as refunds,
  cast(coalesce(orders, 0) as integer) as orders,
  -- Half away from zero, exact on both engines (migration 006).
  cast(money_average(net_revenue, orders) as varchar) as aov,
  case when sessions > 0 then cast(sessions_with_order as double precision) / sessions end as conversion_rate,
  cast(coalesce(sessions, 0) as integer) as sessions,
  cast(users.active_users as integer) as active_users
from days, users
