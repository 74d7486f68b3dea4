-- Retention cohorts of mart_retention_cohorts for cohort type $1 (first_order or
-- first_visit) and grain $2 (week or month): the $3 latest cohorts (empty ones included),
-- each with every period from its own (0) to the current one.
select
  cast(cohort_start as varchar) as cohort_start,
  cast(period_number as integer) as period_number,
  cast(period_start as varchar) as period_start,
  is_current_period,
  cast(cohort_size as integer) as cohort_size,
  cast(active_users as integer) as active_users,
  retention
from mart_retention_cohorts
where cohort_type = $1
  and period_grain = $2
  and cohort_start >= coalesce((
    select min(cohort_start) from (
      select distinct cohort_start
      from mart_retention_cohorts
      where cohort_type = $1 and period_grain = $2
      order by cohort_start desc
      limit $3
    ) latest
  ), cast('1900-01-01' as date))
order by cohort_start, period_number
