-- One row per UTC minute with non-bot events or orders: events, orders, gross revenue, the
-- mean and sample standard deviation of events per minute over the 60 minutes before (minutes
-- without events count as 0), and is_spike. Definitions: docs/metrics/kpis.md.
--
-- Incremental on minute, with a 1-minute lookback in its config so the window always opens at
-- or before the start of the minute of the oldest new event. The trailing hour of an output
-- minute reads the hour before it, so events are read from an hour before the window's
-- minute.
with

context as (
    select
        window_start,
        date_trunc('minute', window_start) - 60 * interval '1 minute' as read_from_at
    from {{ source('ops', 'run_context') }}
),

events as (
    select date_trunc('minute', event_at) as minute
    from {{ ref('stg_events') }}
    where event_at >= (select read_from_at from context)
      and not is_bot
      and event_type not in ('identify', 'adjustment_recorded')
),

orders as (
    select date_trunc('minute', ordered_at) as minute, revenue
    from {{ ref('stg_orders') }}
    where ordered_at >= (select read_from_at from context)
),

minute_events as (
    select minute, count(*) as events
    from events
    group by minute
),

minute_orders as (
    select minute, count(*) as orders, sum(revenue) as gross_revenue
    from orders
    group by minute
),

-- Every minute from an hour before the first minute read to the last, so the 60 rows before
-- a minute are the 60 minutes before it, those without events included as 0.
bounds as (
    select
        least(
            (select min(minute) from minute_events),
            (select min(minute) from minute_orders)
        ) - 60 * interval '1 minute' as first_minute,
        greatest(
            (select max(minute) from minute_events),
            (select max(minute) from minute_orders)
        ) as last_minute
),

spine as (
    select g.minute
    from bounds b
    cross join generate_series(b.first_minute, b.last_minute, interval '1 minute') as g(minute)
),

per_minute as (
    select
        s.minute,
        coalesce(e.events, 0) as events,
        coalesce(o.orders, 0) as orders,
        cast(coalesce(o.gross_revenue, 0) as decimal(38, 4)) as gross_revenue
    from spine s
    left join minute_events e on e.minute = s.minute
    left join minute_orders o on o.minute = s.minute
),

-- Sums over the trailing hour in integers: the mean and the sample variance follow exactly
-- from the count (60), the sum and the sum of squares, the same on every engine.
last_hour as (
    select
        *,
        coalesce(sum(events) over (order by minute rows between 60 preceding and 1 preceding), 0)
            as hour_events,
        coalesce(sum(events * events) over (
            order by minute rows between 60 preceding and 1 preceding
        ), 0) as hour_squares,
        coalesce(sum(case when events > 0 then 1 else 0 end) over (
            order by minute rows between 60 preceding and 1 preceding
        ), 0) as hour_active_minutes
    from per_minute
),

stats as (
    select
        minute,
        events,
        orders,
        gross_revenue,
        cast(hour_active_minutes as integer) as trailing_active_minutes,
        cast(hour_events as double precision) / 60 as trailing_mean,
        sqrt(cast(60 * hour_squares - hour_events * hour_events as double precision) / 3540)
            as trailing_stddev
    from last_hour
),

final as (
    select
        minute,
        events,
        orders,
        gross_revenue,
        trailing_mean,
        trailing_stddev,
        trailing_active_minutes,
        trailing_mean + 3 * trailing_stddev as spike_threshold,
        trailing_active_minutes >= 30
            and cast(events as double precision) > trailing_mean + 3 * trailing_stddev
            as is_spike
    from stats
    where (events > 0 or orders > 0)
      and minute >= (select window_start from context)
)

select * from final
