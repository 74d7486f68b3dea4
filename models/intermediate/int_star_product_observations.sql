-- What was seen of each product each local day: the latest non-null name, category, brand
-- and price that day (from product events and order lines, latest by event time), the first
-- and last sighting, and whether it was sold as a product line. The base of dim_product,
-- incremental by day so the dimension never scans all events.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

product_events as (
    select
        product_id,
        event_day as day,
        event_at as seen_at,
        seq,
        0 as line_no,
        product_name,
        category,
        brand,
        price,
        true as is_product,
        1 as is_event
    from {{ ref('stg_events') }}
    where product_id is not null
      and event_at >= (select window_day_start from context)
),

orders as (
    select order_id, seq, ordered_at, order_day
    from {{ ref('stg_orders') }}
    where ordered_at >= (select window_day_start from context)
),

order_lines as (
    select
        l.product_id,
        o.order_day as day,
        o.ordered_at as seen_at,
        o.seq,
        l.line_no,
        l.product_name,
        l.category,
        l.brand,
        l.price,
        l.is_product,
        0 as is_event
    from {{ ref('stg_order_lines') }} l
    join orders o on o.order_id = l.order_id
),

observations as (
    select * from product_events
    union all
    select * from order_lines
),

-- The latest non-null value of each attribute that day (nulls sort last).
latest as (
    select
        product_id,
        day,
        seen_at,
        is_product,
        is_event,
        first_value(product_name) over (
            partition by product_id, day
            order by case when product_name is null then 1 else 0 end, seen_at desc, seq desc, line_no desc
            rows between unbounded preceding and unbounded following
        ) as product_name,
        first_value(category) over (
            partition by product_id, day
            order by case when category is null then 1 else 0 end, seen_at desc, seq desc, line_no desc
            rows between unbounded preceding and unbounded following
        ) as category,
        first_value(brand) over (
            partition by product_id, day
            order by case when brand is null then 1 else 0 end, seen_at desc, seq desc, line_no desc
            rows between unbounded preceding and unbounded following
        ) as brand,
        first_value(price) over (
            partition by product_id, day
            order by case when price is null then 1 else 0 end, seen_at desc, seq desc, line_no desc
            rows between unbounded preceding and unbounded following
        ) as price
    from observations
),

final as (
    select
        product_id,
        day,
        max(product_name) as product_name,
        max(category) as category,
        max(brand) as brand,
        max(price) as price,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        bool_or(is_product) as is_product,
        cast(sum(is_event) as bigint) as events,
        cast(count(*) - sum(is_event) as bigint) as order_lines
    from latest
    group by product_id, day
)

select * from final
