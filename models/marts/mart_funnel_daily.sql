-- The daily funnel per level (user, session) and breakdown: how many funnel units (user
-- entry days, sessions with a page view) reached each step, the conversion of each step
-- from the one before, the overall conversion (order / page view) and the drop-off at each
-- step. Totals are rows too, in grouping-sets style: breakdown names the dimensions the row
-- is split by; the others hold 'all'. Sum only within one breakdown value.
-- Incremental by day: the window's days are recounted from the intermediate tables, which
-- hold every day complete; the window opens a conversion window early (lookback).
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

users as (
    select
        'user' as level,
        entry_day as day,
        device_type,
        traffic_source,
        country,
        reached_step
    from {{ ref('int_funnel_users') }}
    where entry_day >= (select window_day from context)
),

-- Sessions without a page view never entered the funnel.
sessions as (
    select
        'session' as level,
        session_day as day,
        device_type,
        traffic_source,
        country,
        reached_step
    from {{ ref('int_funnel_sessions') }}
    where session_day >= (select window_day from context)
      and reached_step >= 1
),

units as (
    select * from users
    union all
    select * from sessions
),

-- The finest cells; every rollup below sums them.
cells as (
    select
        day,
        level,
        device_type,
        traffic_source,
        country,
        count(*) filter (where reached_step >= 1) as step_1,
        count(*) filter (where reached_step >= 2) as step_2,
        count(*) filter (where reached_step >= 3) as step_3,
        count(*) filter (where reached_step >= 4) as step_4,
        count(*) filter (where reached_step >= 5) as step_5
    from units
    group by day, level, device_type, traffic_source, country
),

rollups as (
    select
        day,
        level,
        'device_source_country' as breakdown,
        device_type, traffic_source, country,
        cast(step_1 as bigint) as step_1,
        cast(step_2 as bigint) as step_2,
        cast(step_3 as bigint) as step_3,
        cast(step_4 as bigint) as step_4,
        cast(step_5 as bigint) as step_5
    from cells
    union all
    select
        day,
        level,
        'device_source' as breakdown,
        device_type, traffic_source, 'all' as country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, device_type, traffic_source
    union all
    select
        day,
        level,
        'device_country' as breakdown,
        device_type, 'all' as traffic_source, country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, device_type, country
    union all
    select
        day,
        level,
        'source_country' as breakdown,
        'all' as device_type, traffic_source, country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, traffic_source, country
    union all
    select
        day,
        level,
        'device' as breakdown,
        device_type, 'all' as traffic_source, 'all' as country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, device_type
    union all
    select
        day,
        level,
        'source' as breakdown,
        'all' as device_type, traffic_source, 'all' as country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, traffic_source
    union all
    select
        day,
        level,
        'country' as breakdown,
        'all' as device_type, 'all' as traffic_source, country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level, country
    union all
    select
        day,
        level,
        'total' as breakdown,
        'all' as device_type, 'all' as traffic_source, 'all' as country,
        cast(sum(step_1) as bigint) as step_1,
        cast(sum(step_2) as bigint) as step_2,
        cast(sum(step_3) as bigint) as step_3,
        cast(sum(step_4) as bigint) as step_4,
        cast(sum(step_5) as bigint) as step_5
    from cells
    group by day, level
),

final as (
    select
        day,
        level,
        breakdown,
        device_type,
        traffic_source,
        country,
        step_1,
        step_2,
        step_3,
        step_4,
        step_5,
        cast(step_2 as double precision) / nullif(step_1, 0) as step_2_conversion,
        cast(step_3 as double precision) / nullif(step_2, 0) as step_3_conversion,
        cast(step_4 as double precision) / nullif(step_3, 0) as step_4_conversion,
        cast(step_5 as double precision) / nullif(step_4, 0) as step_5_conversion,
        cast(step_5 as double precision) / nullif(step_1, 0) as overall_conversion,
        step_1 - step_2 as drop_off_2,
        step_2 - step_3 as drop_off_3,
        step_3 - step_4 as drop_off_4,
        step_4 - step_5 as drop_off_5
    from rollups
)

select * from final
