-- Retention cohorts. Users are grouped by the period (ISO week from Monday, or calendar
-- month, local days) of their first order (cohort_type first_order) or of their first
-- visit (first_visit). For each cohort and each period from the cohort's own (period 0) up
-- to the current one (the period of as_of_day), active_users counts the cohort's users with
-- any order (first_order) or any non-bot visit (first_visit) in that period, and
-- retention = active_users / cohort_size. Every period between the first cohort and the
-- current period is a cohort, even one nobody started in: it is shown with size 0 and
-- retention null, so it is never averaged in as 0.
-- A table rebuilt every run from int_user_days, first reduced to one row per user and period.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

user_days as (
    select user_key, day, visited, ordered
    from {{ ref('int_user_days') }}
),

-- Each user's first visit and first order day, over all history.
firsts as (
    select
        user_key,
        min(case when visited then day end) as first_visit_day,
        min(case when ordered then day end) as first_order_day
    from user_days
    group by user_key
),

-- One row per user and period they were active in (visited or ordered).
user_periods as (
    select
        user_key,
        'week' as period_grain,
        period_start,
        bool_or(visited) as visited,
        bool_or(ordered) as ordered
    from (
        select
            user_key,
            visited,
            ordered,
            cast(date_trunc('week', cast(day as timestamp)) as date) as period_start
        from user_days
    ) w
    group by user_key, period_start
    union all
    select
        user_key,
        'month' as period_grain,
        period_start,
        bool_or(visited) as visited,
        bool_or(ordered) as ordered
    from (
        select
            user_key,
            visited,
            ordered,
            cast(date_trunc('month', cast(day as timestamp)) as date) as period_start
        from user_days
    ) m
    group by user_key, period_start
),

-- Each active user-period with the user's cohorts of that grain: the period of their first
-- visit and of their first order.
user_cohort_periods as (
    select
        p.period_grain,
        p.period_start,
        p.visited,
        p.ordered,
        case
            when p.period_grain = 'week'
                then cast(date_trunc('week', cast(f.first_visit_day as timestamp)) as date)
            else cast(date_trunc('month', cast(f.first_visit_day as timestamp)) as date)
        end as visit_cohort,
        case
            when p.period_grain = 'week'
                then cast(date_trunc('week', cast(f.first_order_day as timestamp)) as date)
            else cast(date_trunc('month', cast(f.first_order_day as timestamp)) as date)
        end as order_cohort
    from user_periods p
    join firsts f on f.user_key = p.user_key
),

activity as (
    select
        'first_visit' as cohort_type,
        period_grain,
        visit_cohort as cohort_start,
        period_start,
        count(*) as active_users
    from user_cohort_periods
    where visited
    group by period_grain, visit_cohort, period_start
    union all
    select
        'first_order' as cohort_type,
        period_grain,
        order_cohort as cohort_start,
        period_start,
        count(*) as active_users
    from user_cohort_periods
    where ordered
    group by period_grain, order_cohort, period_start
),

-- A cohort's users were all active in its own period (they first visited, or ordered, in
-- it), so its size is its period-0 activity.
sizes as (
    select cohort_type, period_grain, cohort_start, active_users as cohort_size
    from activity
    where period_start = cohort_start
),

-- Every period from each cohort type's first cohort to the current period, numbered.
bounds as (
    select
        s.cohort_type,
        s.period_grain,
        min(s.cohort_start) as first_start,
        case
            when s.period_grain = 'week'
                then cast(date_trunc('week', cast(c.as_of_day as timestamp)) as date)
            else cast(date_trunc('month', cast(c.as_of_day as timestamp)) as date)
        end as current_start
    from sizes s
    cross join context c
    group by s.cohort_type, s.period_grain, c.as_of_day
),

periods as (
    select
        b.cohort_type,
        b.period_grain,
        cast(g.period_at as date) as period_start,
        b.current_start
    from bounds b
    cross join generate_series(
        cast(b.first_start as timestamp),
        cast(b.current_start as timestamp),
        case when b.period_grain = 'week' then interval '7 days' else interval '1 month' end
    ) as g(period_at)
),

numbered as (
    select
        *,
        row_number() over (
            partition by cohort_type, period_grain order by period_start
        ) as period_index
    from periods
),

spine as (
    select
        c.cohort_type,
        c.period_grain,
        c.period_start as cohort_start,
        p.period_start,
        cast(p.period_index - c.period_index as integer) as period_number,
        p.period_start = p.current_start as is_current_period
    from numbered c
    join numbered p
      on p.cohort_type = c.cohort_type
     and p.period_grain = c.period_grain
     and p.period_start >= c.period_start
),

final as (
    select
        sp.cohort_type,
        sp.period_grain,
        sp.cohort_start,
        sp.period_number,
        sp.period_start,
        sp.is_current_period,
        cast(coalesce(sz.cohort_size, 0) as bigint) as cohort_size,
        cast(coalesce(a.active_users, 0) as bigint) as active_users,
        cast(coalesce(a.active_users, 0) as double precision) / nullif(sz.cohort_size, 0)
            as retention
    from spine sp
    left join sizes sz
      on sz.cohort_type = sp.cohort_type
     and sz.period_grain = sp.period_grain
     and sz.cohort_start = sp.cohort_start
    left join activity a
      on a.cohort_type = sp.cohort_type
     and a.period_grain = sp.period_grain
     and a.cohort_start = sp.cohort_start
     and a.period_start = sp.period_start
)

select * from final
