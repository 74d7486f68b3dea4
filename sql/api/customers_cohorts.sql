-- Retention cohorts of mart_retention_cohorts for cohort type $1 (first_order or
-- first_visit) and grain $2 (week or month): the $3 latest cohorts (empty ones included),
-- each with every period from its own (0) to the current one. "Latest" and "current" stop
-- at the last period anybody was active in: data that ends in the past (an import) shows
-- its own last cohorts, not years of empty ones up to today.
with

cohorts as (
  select * from mart_retention_cohorts where cohort_type = $1 and period_grain = $2
),

last_active as (
  select coalesce(max(period_start), cast('9999-12-31' as date)) as day
  from cohorts
  where active_users > 0
),

latest as (
  select min(cohort_start) as first_cohort
  from (
    select distinct cohort_start
    from cohorts
    where cohort_start <= (select day from last_active)
    order by cohort_start desc
    limit $3
  ) newest
)

select
  cast(cohort_start as varchar) as cohort_start,
  cast(period_number as integer) as period_number,
  cast(period_start as varchar) as period_start,
  is_current_period,
  cast(cohort_size as integer) as cohort_size,
  cast(active_users as integer) as active_users,
  retention
from cohorts
where cohort_start >= coalesce((select first_cohort from latest), cast('1900-01-01' as date))
  and period_start <= (select day from last_active)
order by cohort_start, period_number
