-- The calendar: one row per local day (reporting zone) from the first day with an event to
-- the last, and always through as_of_day. Weeks are ISO weeks (Monday first; iso_year is
-- the year the ISO week belongs to, so 2026-12-31 can be week 53 of 2026 and 2027-01-01 too).
-- A view: reading it costs a few milliseconds, rebuilding a table every run costs more.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

-- Orders and refunds are events too, so the events' range covers every fact's day. Read
-- from silver, not stg_events: DuckDB answers min/max of a column from its statistics
-- (no scan), which the staging view, joined with the run context, would hide.
bounds as (
    select min(event_at) as first_at, max(event_at) as last_at
    from {{ source('silver', 'events') }}
),

days as (
    select
        coalesce(
            cast((b.first_at at time zone 'UTC') at time zone c.report_tz as date),
            c.as_of_day
        ) as first_day,
        greatest(
            coalesce(cast((b.last_at at time zone 'UTC') at time zone c.report_tz as date), c.as_of_day),
            c.as_of_day
        ) as last_day
    from bounds b
    cross join context c
),

calendar as (
    select g.d as day_at
    from generate_series(
        (select cast(first_day as timestamp) from days),
        (select cast(last_day as timestamp) from days),
        interval '1 day'
    ) as g(d)
),

parts as (
    select
        cast(day_at as date) as date_key,
        day_at,
        cast(extract(year from day_at) as integer) as year,
        cast(extract(quarter from day_at) as integer) as quarter,
        cast(extract(month from day_at) as integer) as month,
        cast(extract(day from day_at) as integer) as day_of_month,
        cast(extract(doy from day_at) as integer) as day_of_year,
        cast(extract(isoyear from day_at) as integer) as iso_year,
        cast(extract(week from day_at) as integer) as iso_week,
        cast(extract(isodow from day_at) as integer) as day_of_week
    from calendar
),

final as (
    select
        date_key,
        year,
        quarter,
        month,
        case month
            when 1 then 'January' when 2 then 'February' when 3 then 'March'
            when 4 then 'April' when 5 then 'May' when 6 then 'June'
            when 7 then 'July' when 8 then 'August' when 9 then 'September'
            when 10 then 'October' when 11 then 'November' else 'December'
        end as month_name,
        day_of_month,
        day_of_year,
        iso_year,
        iso_week,
        day_of_week,
        case day_of_week
            when 1 then 'Monday' when 2 then 'Tuesday' when 3 then 'Wednesday'
            when 4 then 'Thursday' when 5 then 'Friday' when 6 then 'Saturday' else 'Sunday'
        end as day_name,
        cast(date_trunc('week', day_at) as date) as week_start,
        cast(date_trunc('month', day_at) as date) as month_start,
        cast(date_trunc('quarter', day_at) as date) as quarter_start,
        cast(date_trunc('year', day_at) as date) as year_start,
        day_of_week >= 6 as is_weekend
    from parts
)

select * from final
