-- One row per local day $1..$2 with a KPI row (the mart has every day, zero days too).
select
  cast(day as varchar) as day,
  cast(net_revenue as varchar) as net_revenue,
  cast(orders as integer) as orders,
  cast(sessions as integer) as sessions,
  cast(dau as integer) as dau,
  conversion_rate
from mart_daily_kpis
where day between cast($1 as date) and cast($2 as date)
order by day
