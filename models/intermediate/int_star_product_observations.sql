-- What was seen of each product each hour (UTC): the latest non-null name, category, brand
-- and price in the hour (from product events and order lines, latest by event time), the
-- first and last sighting, and whether it was sold as a product line. The base of
-- dim_product, incremental so the dimension never scans all events. Hours, not days: each
-- run rereads about two hours of product events instead of whole days. A row's inputs are
-- all at or after its hour, and the 60-minute lookback puts the hour of every new event
-- in the window.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

product_events as (
    select
        product_id,
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
      and event_at >= (select window_start from context)
),

orders as (
    select order_id, seq, ordered_at
    from {{ ref('stg_orders') }}
    where ordered_at >= (select window_start from context)
),

order_lines as (
    select
        l.product_id,
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
    select cast(date_trunc('hour', seen_at) as timestamp) as hour_at, *
    from (
        select * from product_events
        union all
        select * from order_lines
    ) o
),

-- Newest first within the product's hour.
ranked as (
    select
        *,
        row_number() over (
            partition by product_id, hour_at order by seen_at desc, seq desc, line_no desc
        ) as rn
    from observations
),

hours as (
    select
        product_id,
        hour_at,
        min(case when product_name is not null then rn end) as name_rn,
        min(case when category is not null then rn end) as category_rn,
        min(case when brand is not null then rn end) as brand_rn,
        min(case when price is not null then rn end) as price_rn,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        bool_or(is_product) as is_product,
        cast(sum(is_event) as bigint) as events,
        cast(count(*) - sum(is_event) as bigint) as order_lines
    from ranked
    group by product_id, hour_at
),

-- The latest non-null value of each attribute in the hour.
final as (
    select
        d.product_id,
        d.hour_at,
        max(case when r.rn = d.name_rn then r.product_name end) as product_name,
        max(case when r.rn = d.category_rn then r.category end) as category,
        max(case when r.rn = d.brand_rn then r.brand end) as brand,
        max(case when r.rn = d.price_rn then r.price end) as price,
        d.first_seen_at,
        d.last_seen_at,
        d.is_product,
        d.events,
        d.order_lines
    from hours d
    join ranked r on r.product_id = d.product_id and r.hour_at = d.hour_at
    group by
        d.product_id, d.hour_at, d.first_seen_at, d.last_seen_at, d.is_product, d.events, d.order_lines
)

select * from final
