-- The local days the daily marts cover, and the last finished model run.
select
  (select cast(min(day) as varchar) from mart_daily_kpis) as first_day,
  (select cast(max(day) as varchar) from mart_daily_kpis) as last_day
