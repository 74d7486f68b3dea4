-- One row per local day (reporting zone) from the first to the last day with activity (a
-- non-bot event, an order or a refund); days without activity in between are rows of zeros.
-- The day's counts, money and session rates, 7-day sums ending that day, and day-over-day
-- and week-over-week changes. Definitions: docs/metrics/kpis.md.
--
-- Incremental on day. The 7-day and change columns of day D read days D-7..D, so user days,
-- sessions and refunds are read from window_day - 7 (sessions and refunds filtered on their
-- raw UTC timestamps, from the UTC instant of that day's local midnight). Events feed only
-- the day's own counts, never a 7-day or change column, so they are read from window_day.
-- Only days >= window_day are written.
--
-- Performance: no per-row time zone conversion on large inputs. Orders, revenue and active
-- users come from int_user_days, which has the local day already; events are counted per UTC
-- minute first and each minute is then put on its local day (every zone's offset is a whole
-- number of minutes, so all of a minute falls on one local day).
with

context as (
    select
        window_day,
        window_day_start,
        report_tz,
        window_day - 7 as read_from_day,
        cast(
            (cast(window_day - 7 as timestamp) at time zone report_tz) at time zone 'UTC'
            as timestamp
        ) as read_from_at
    from {{ source('ops', 'run_context') }}
),

-- One row per user and local day (int_user_days' grain): visits, orders, product revenue.
user_days as (
    select day, visited, orders, revenue
    from {{ ref('int_user_days') }}
    where day >= (select read_from_day from context)
),

events as (
    select event_at, event_type
    from {{ ref('stg_events') }}
    where event_at >= (select window_day_start from context)
      and not is_bot
      and event_type in ('page_view', 'product_viewed', 'product_added', 'checkout_started')
),

sessions as (
    select *
    from {{ ref('int_sessions') }}
    where session_start >= (select read_from_at from context)
),

refunds as (
    select refund_day as day, refund_amount
    from {{ ref('int_refunds') }}
    where refunded_at >= (select read_from_at from context)
),

daily_users as (
    select
        day,
        count(*) filter (where visited) as dau,
        cast(sum(orders) as bigint) as orders,
        sum(revenue) as gross_revenue
    from user_days
    group by day
),

minute_events as (
    select
        date_trunc('minute', event_at) as minute,
        count(*) filter (where event_type = 'page_view') as page_views,
        count(*) filter (where event_type = 'product_viewed') as product_views,
        count(*) filter (where event_type = 'product_added') as add_to_carts,
        count(*) filter (where event_type = 'checkout_started') as checkouts
    from events
    group by date_trunc('minute', event_at)
),

daily_events as (
    select
        cast((m.minute at time zone 'UTC') at time zone c.report_tz as date) as day,
        cast(sum(m.page_views) as bigint) as page_views,
        cast(sum(m.product_views) as bigint) as product_views,
        cast(sum(m.add_to_carts) as bigint) as add_to_carts,
        cast(sum(m.checkouts) as bigint) as checkouts
    from minute_events m
    cross join context c
    group by cast((m.minute at time zone 'UTC') at time zone c.report_tz as date)
),

-- The numerators of cart and checkout rate are nested in their denominators: a session that
-- adds to cart without a product view is not in the cart rate at all.
daily_sessions as (
    select
        session_day as day,
        count(*) as sessions,
        count(*) filter (where has_product_view) as sessions_with_product_view,
        count(*) filter (where has_add_to_cart) as sessions_with_add_to_cart,
        count(*) filter (where has_checkout) as sessions_with_checkout,
        count(*) filter (where converted) as sessions_with_order,
        count(*) filter (where has_product_view and has_add_to_cart) as sessions_view_to_cart,
        count(*) filter (where has_add_to_cart and has_checkout) as sessions_cart_to_checkout,
        count(*) filter (where cart_abandoned) as sessions_abandoned_cart
    from sessions
    group by session_day
),

daily_refunds as (
    select day, sum(refund_amount) as refunds
    from refunds
    group by day
),

-- The calendar: from the first day with activity (ever, not before read_from_day) to the
-- last, every day, so row offsets in the windows below are day offsets. A day with activity
-- is in int_user_days (a non-bot event or an order) or has a refund.
first_refund as (
    select min(refunded_at) as refunded_at
    from {{ ref('stg_refunds') }}
),

bounds as (
    select
        greatest(
            c.read_from_day,
            least(
                (select min(day) from {{ ref('int_user_days') }}),
                cast((f.refunded_at at time zone 'UTC') at time zone c.report_tz as date)
            )
        ) as first_day,
        greatest(
            (select max(day) from daily_users),
            (select max(day) from daily_refunds)
        ) as last_day
    from context c
    cross join first_refund f
),

spine as (
    select cast(g.day_start as date) as day
    from bounds b
    cross join generate_series(
        cast(b.first_day as timestamp), cast(b.last_day as timestamp), interval '1 day'
    ) as g(day_start)
),

daily as (
    select
        s.day,
        coalesce(u.dau, 0) as dau,
        coalesce(se.sessions, 0) as sessions,
        coalesce(e.page_views, 0) as page_views,
        coalesce(e.product_views, 0) as product_views,
        coalesce(e.add_to_carts, 0) as add_to_carts,
        coalesce(e.checkouts, 0) as checkouts,
        coalesce(u.orders, 0) as orders,
        cast(coalesce(u.gross_revenue, 0) as decimal(38, 4)) as gross_revenue,
        cast(coalesce(r.refunds, 0) as decimal(38, 4)) as refunds,
        cast(coalesce(u.gross_revenue, 0) - coalesce(r.refunds, 0) as decimal(38, 4))
            as net_revenue,
        coalesce(se.sessions_with_product_view, 0) as sessions_with_product_view,
        coalesce(se.sessions_with_add_to_cart, 0) as sessions_with_add_to_cart,
        coalesce(se.sessions_with_checkout, 0) as sessions_with_checkout,
        coalesce(se.sessions_with_order, 0) as sessions_with_order,
        coalesce(se.sessions_view_to_cart, 0) as sessions_view_to_cart,
        coalesce(se.sessions_cart_to_checkout, 0) as sessions_cart_to_checkout,
        coalesce(se.sessions_abandoned_cart, 0) as sessions_abandoned_cart
    from spine s
    left join daily_users u on u.day = s.day
    left join daily_events e on e.day = s.day
    left join daily_sessions se on se.day = s.day
    left join daily_refunds r on r.day = s.day
),

-- Rolling sums over the 7 days ending each day (rows = days on the spine) and the values of
-- the day before and of the same weekday a week before (null before the first day).
rolling as (
    select
        *,
        cast(sum(sessions) over (order by day rows between 6 preceding and current row)
            as bigint) as sessions_7d,
        cast(sum(sessions_with_order) over (order by day rows between 6 preceding and current row)
            as bigint) as sessions_with_order_7d,
        cast(sum(orders) over (order by day rows between 6 preceding and current row)
            as bigint) as orders_7d,
        cast(sum(gross_revenue) over (order by day rows between 6 preceding and current row)
            as decimal(38, 4)) as gross_revenue_7d,
        cast(sum(refunds) over (order by day rows between 6 preceding and current row)
            as decimal(38, 4)) as refunds_7d,
        cast(sum(net_revenue) over (order by day rows between 6 preceding and current row)
            as decimal(38, 4)) as net_revenue_7d,
        lag(net_revenue, 1) over (order by day) as net_revenue_day_before,
        lag(net_revenue, 7) over (order by day) as net_revenue_week_before,
        lag(orders, 1) over (order by day) as orders_day_before,
        lag(orders, 7) over (order by day) as orders_week_before,
        lag(sessions, 1) over (order by day) as sessions_day_before,
        lag(sessions, 7) over (order by day) as sessions_week_before
    from daily
),

final as (
    select
        day,
        dau,
        sessions,
        page_views,
        product_views,
        add_to_carts,
        checkouts,
        orders,
        gross_revenue,
        refunds,
        net_revenue,
        money_average(net_revenue, orders) as aov,
        money_average(net_revenue, dau) as revenue_per_user,
        sessions_with_product_view,
        sessions_with_add_to_cart,
        sessions_with_checkout,
        sessions_with_order,
        sessions_view_to_cart,
        sessions_cart_to_checkout,
        sessions_abandoned_cart,
        cast(sessions_with_order as double precision) / nullif(sessions, 0) as conversion_rate,
        cast(sessions_view_to_cart as double precision)
            / nullif(sessions_with_product_view, 0) as cart_rate,
        cast(sessions_cart_to_checkout as double precision)
            / nullif(sessions_with_add_to_cart, 0) as checkout_rate,
        cast(sessions_abandoned_cart as double precision)
            / nullif(sessions_with_add_to_cart, 0) as cart_abandonment_rate,
        sessions_7d,
        sessions_with_order_7d,
        cast(sessions_with_order_7d as double precision) / nullif(sessions_7d, 0)
            as conversion_rate_7d,
        orders_7d,
        gross_revenue_7d,
        refunds_7d,
        net_revenue_7d,
        money_average(net_revenue_7d, orders_7d) as aov_7d,
        -- Changes are fractions of the earlier value; null when it is missing or 0 (for net
        -- revenue also when it is negative: a change against a loss has no meaning).
        cast(net_revenue - net_revenue_day_before as double precision)
            / case when net_revenue_day_before > 0
                then cast(net_revenue_day_before as double precision) end as net_revenue_dod,
        cast(net_revenue - net_revenue_week_before as double precision)
            / case when net_revenue_week_before > 0
                then cast(net_revenue_week_before as double precision) end as net_revenue_wow,
        cast(orders - orders_day_before as double precision) / nullif(orders_day_before, 0)
            as orders_dod,
        cast(orders - orders_week_before as double precision) / nullif(orders_week_before, 0)
            as orders_wow,
        cast(sessions - sessions_day_before as double precision) / nullif(sessions_day_before, 0)
            as sessions_dod,
        cast(sessions - sessions_week_before as double precision)
            / nullif(sessions_week_before, 0) as sessions_wow
    from rolling
    where day >= (select window_day from context)
)

select * from final
