-- The local days the daily marts cover, and the currency most orders are in (the
-- dashboard's money format).
select
  (select cast(min(day) as varchar) from mart_daily_kpis) as first_day,
  (select cast(max(day) as varchar) from mart_daily_kpis) as last_day,
  (
    select currency from silver_orders group by currency order by count(*) desc, currency limit 1
  ) as currency
