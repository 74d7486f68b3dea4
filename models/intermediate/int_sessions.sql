-- Server-side sessions: a user's non-bot events with gaps under session_gap_minutes (30).
-- Client session ids are kept but not trusted. A session belongs to the local day it
-- started on, even when it crosses midnight.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

-- The window opens one gap early, so whether an event starts a session is always known.
events as (
    select e.*
    from {{ ref('stg_events') }} e
    where not e.is_bot
      and e.event_type not in (
          'identify', 'order_refunded', 'order_cancelled', 'adjustment_recorded'
      )
      and e.event_at >= (
          select window_start - session_gap_minutes * interval '1 minute' from context
      )
),

gaps as (
    select
        *,
        lag(event_at) over (partition by user_key order by event_at, message_id) as previous_at
    from events
),

starts as (
    select
        *,
        case
            when previous_at is null then 1
            when event_at >= previous_at + (select session_gap_minutes from context) * interval '1 minute' then 1
            else 0
        end as is_start
    from gaps
),

numbered as (
    select
        *,
        sum(is_start) over (
            partition by user_key order by event_at, message_id rows unbounded preceding
        ) as session_number
    from starts
),

ordered as (
    select
        *,
        row_number() over (
            partition by user_key, session_number order by event_at, message_id
        ) as position
    from numbered
),

sessions as (
    select
        user_key,
        session_number,
        min(event_at) as session_start,
        max(event_at) as session_end,
        count(*) as events,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_views,
        sum(case when event_type = 'product_viewed' then 1 else 0 end) as product_views,
        sum(case when event_type = 'product_added' then 1 else 0 end) as add_to_carts,
        sum(case when event_type = 'checkout_started' then 1 else 0 end) as checkouts,
        sum(case when event_type = 'order_completed' then 1 else 0 end) as orders,
        max(user_id) as user_id,
        max(case when position = 1 then device_type end) as device_type,
        max(case when position = 1 then traffic_source end) as traffic_source,
        max(case when position = 1 then country end) as country,
        max(case when position = 1 then page_path end) as landing_path,
        max(case when position = 1 then client_session_id end) as client_session_id
    from ordered
    group by user_key, session_number
),

-- A decimal, so both engines round alike: DuckDB's epoch of an interval is a double (2.5 s
-- casts to integer 2, half to even), PostgreSQL's a numeric (casts to 3).
measured as (
    select
        *,
        cast(extract(epoch from (session_end - session_start)) as decimal(18, 6))
            as duration_seconds
    from sessions
),

final as (
    select
        m.user_key || '#' || cast(m.session_start as varchar) as session_id,
        m.user_key,
        m.user_id,
        m.session_start,
        m.session_end,
        cast((m.session_start at time zone 'UTC') at time zone c.report_tz as date) as session_day,
        cast(m.duration_seconds as integer) as duration_seconds,
        case
            when m.duration_seconds < 30 then 'bounce'
            when m.duration_seconds < 120 then 'quick'
            when m.duration_seconds < 600 then 'engaged'
            when m.duration_seconds < 1800 then 'deep'
            else 'extended'
        end as duration_bucket,
        m.duration_seconds < 30 as is_bounce,
        m.events,
        m.page_views,
        m.product_views,
        m.add_to_carts,
        m.checkouts,
        m.orders,
        m.product_views > 0 as has_product_view,
        m.add_to_carts > 0 as has_add_to_cart,
        m.checkouts > 0 as has_checkout,
        m.orders > 0 as converted,
        m.add_to_carts > 0 and m.orders = 0 as cart_abandoned,
        cast(least(
            100,
            2 * m.page_views + 3 * m.product_views + 10 * m.add_to_carts + 15 * m.checkouts
            + 30 * m.orders + least(floor(m.duration_seconds / 60), 20)
        ) as integer) as engagement_score,
        coalesce(m.device_type, 'unknown') as device_type,
        coalesce(m.traffic_source, 'direct') as traffic_source,
        coalesce(m.country, 'unknown') as country,
        m.landing_path,
        m.client_session_id
    from measured m
    cross join context c
)

select * from final
