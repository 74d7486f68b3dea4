-- One row per user and local day with any activity: non-bot events (visits) or orders.
-- The base of active users and retention.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

events as (
    select user_key, event_day as day, event_type
    from {{ ref('stg_events') }}
    where not is_bot
      and event_type not in (
          'identify', 'order_refunded', 'order_cancelled', 'adjustment_recorded'
      )
      and event_at >= (select window_day_start from context)
),

orders as (
    select user_key, order_day as day, revenue
    from {{ ref('stg_orders') }}
    where ordered_at >= (select window_day_start from context)
),

visits as (
    select
        user_key,
        day,
        count(*) as events,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_views
    from events
    group by user_key, day
),

purchases as (
    select user_key, day, count(*) as orders, sum(revenue) as revenue
    from orders
    group by user_key, day
),

final as (
    select
        coalesce(v.user_key, p.user_key) as user_key,
        coalesce(v.day, p.day) as day,
        coalesce(v.events, 0) as events,
        coalesce(v.page_views, 0) as page_views,
        coalesce(p.orders, 0) as orders,
        cast(coalesce(p.revenue, 0) as decimal(38, 4)) as revenue,
        v.user_key is not null as visited,
        p.user_key is not null as ordered
    from visits v
    full outer join purchases p on p.user_key = v.user_key and p.day = v.day
)

select * from final
