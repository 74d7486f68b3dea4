-- One row per product and local day: how shoppers met the product in the server-side
-- sessions (int_sessions) that started that day. Views, adds to cart and removals are
-- events; the session counts say in how many sessions the product was viewed, added,
-- ordered (an order_completed in the session whose order has a product line for it), and
-- combinations of those, so the rates built on them are nested and additive over days.
-- Every event counts on its session's day (int_sessions' rule), bots are left out.
-- Incremental by day: the rows of the window's days are rebuilt from the sessions that
-- started on them, whose events are all at or after window_day_start.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

sessions as (
    select user_key, session_start
    from {{ ref('int_sessions') }}
    where session_start >= (select window_day_start from context)
),

events as (
    select
        user_key,
        event_at,
        event_type,
        product_id,
        product_name,
        category,
        brand,
        price,
        quantity,
        order_id
    from {{ ref('stg_events') }}
    where not is_bot
      and event_type in ('product_viewed', 'product_added', 'product_removed', 'order_completed')
      and event_at >= (select window_day_start from context)
),

-- Each event belongs to the user's latest session started at or before it: the running
-- max of session starts over the user's sessions and events in time order (a session's
-- start sorts before an event at the same instant). Events of sessions that started
-- before the window's first day get null and are left out: their rows are not rebuilt.
timeline as (
    select
        user_key,
        session_start as ts,
        0 as is_event,
        cast(null as varchar) as event_type,
        cast(null as varchar) as product_id,
        cast(null as varchar) as product_name,
        cast(null as varchar) as category,
        cast(null as varchar) as brand,
        cast(null as decimal(18, 4)) as price,
        cast(null as integer) as quantity,
        cast(null as varchar) as order_id
    from sessions
    union all
    select
        user_key,
        event_at,
        1,
        event_type,
        product_id,
        product_name,
        category,
        brand,
        price,
        quantity,
        order_id
    from events
),

assigned as (
    select
        *,
        max(case when is_event = 0 then ts end) over (
            partition by user_key order by ts, is_event rows unbounded preceding
        ) as session_start
    from timeline
),

located as (
    select
        a.user_key,
        a.ts as event_at,
        a.event_type,
        a.product_id,
        a.product_name,
        a.category,
        a.brand,
        a.price,
        a.quantity,
        a.order_id,
        a.session_start,
        cast((a.session_start at time zone 'UTC') at time zone c.report_tz as date) as day
    from assigned a
    cross join context c
    where a.is_event = 1 and a.session_start is not null
),

-- The products of the orders completed in those sessions.
order_lines as (
    select order_id, product_id
    from {{ ref('stg_order_lines') }}
    where is_product
),

touches as (
    select
        user_key,
        session_start,
        day,
        product_id,
        event_type,
        coalesce(quantity, 1) as quantity
    from located
    where event_type <> 'order_completed' and product_id is not null
    union all
    select distinct
        e.user_key,
        e.session_start,
        e.day,
        l.product_id,
        e.event_type,
        0 as quantity
    from located e
    join order_lines l on l.order_id = e.order_id
    where e.event_type = 'order_completed'
),

-- One row per session and product.
session_products as (
    select
        user_key,
        session_start,
        day,
        product_id,
        count(*) filter (where event_type = 'product_viewed') as views,
        count(*) filter (where event_type = 'product_added') as adds,
        coalesce(sum(case when event_type = 'product_added' then quantity end), 0) as units_added,
        count(*) filter (where event_type = 'product_removed') as removals,
        count(*) filter (where event_type = 'order_completed') as orders
    from touches
    group by user_key, session_start, day, product_id
),

counts as (
    select
        product_id,
        day,
        cast(sum(views) as bigint) as views,
        cast(sum(adds) as bigint) as add_to_carts,
        cast(sum(units_added) as bigint) as units_added,
        cast(sum(removals) as bigint) as removals,
        count(*) filter (where views > 0) as sessions_viewed,
        count(*) filter (where adds > 0) as sessions_added,
        count(*) filter (where removals > 0) as sessions_removed,
        count(*) filter (where orders > 0) as sessions_ordered,
        count(*) filter (where views > 0 and adds > 0) as sessions_viewed_added,
        count(*) filter (where views > 0 and orders > 0) as sessions_viewed_ordered,
        count(*) filter (where adds > 0 and orders > 0) as sessions_added_ordered,
        count(*) filter (where adds > 0 and orders = 0) as sessions_cart_abandoned,
        count(distinct case when views > 0 then user_key end) as users_viewed,
        count(distinct case when adds > 0 then user_key end) as users_added
    from session_products
    group by product_id, day
),

-- The product's name, category, brand and price as last seen that day: each from the
-- latest product event that carried it (on a tie in time, the greatest value). Found with
-- the latest time per attribute, then the values at that time: no sort.
described as (
    select product_id, day, event_at, product_name, category, brand, price
    from located
    where event_type <> 'order_completed' and product_id is not null
),

latest as (
    select
        product_id,
        day,
        max(event_at) as last_event_at,
        max(case when product_name is not null then event_at end) as name_at,
        max(case when category is not null then event_at end) as category_at,
        max(case when brand is not null then event_at end) as brand_at,
        max(case when price is not null then event_at end) as price_at
    from described
    group by product_id, day
),

attributes as (
    select
        l.product_id,
        l.day,
        l.last_event_at,
        max(case when d.event_at = l.name_at then d.product_name end) as product_name,
        max(case when d.event_at = l.category_at then d.category end) as category,
        max(case when d.event_at = l.brand_at then d.brand end) as brand,
        max(case when d.event_at = l.price_at then d.price end) as price
    from latest l
    join described d on d.product_id = l.product_id and d.day = l.day
    group by l.product_id, l.day, l.last_event_at
),

final as (
    select
        c.product_id,
        c.day,
        c.views,
        c.add_to_carts,
        c.units_added,
        c.removals,
        c.sessions_viewed,
        c.sessions_added,
        c.sessions_removed,
        c.sessions_ordered,
        c.sessions_viewed_added,
        c.sessions_viewed_ordered,
        c.sessions_added_ordered,
        c.sessions_cart_abandoned,
        c.users_viewed,
        c.users_added,
        a.last_event_at,
        a.product_name,
        a.category,
        a.brand,
        a.price
    from counts c
    left join attributes a on a.product_id = c.product_id and a.day = c.day
)

select * from final
