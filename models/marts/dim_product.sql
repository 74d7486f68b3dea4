-- Products: one row per product_id with the latest observed name, category, brand and price
-- (the latest non-null value of each, from product events and order lines), and when the
-- product was first and last seen. Built over the hourly observations, never over events.
with

observations as (
    select * from {{ ref('int_star_product_observations') }}
),

-- Per product: sightings, and the last hour each attribute was seen non-null.
products as (
    select
        product_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        bool_or(is_product) as is_product,
        cast(sum(events) as bigint) as events,
        cast(sum(order_lines) as bigint) as order_lines,
        max(case when product_name is not null then hour_at end) as name_hour,
        max(case when category is not null then hour_at end) as category_hour,
        max(case when brand is not null then hour_at end) as brand_hour,
        max(case when price is not null then hour_at end) as price_hour
    from observations
    group by product_id
),

latest_hours as (
    select product_id, name_hour as hour_at from products
    union
    select product_id, category_hour from products
    union
    select product_id, brand_hour from products
    union
    select product_id, price_hour from products
),

latest as (
    select o.*
    from observations o
    join latest_hours h on h.product_id = o.product_id and h.hour_at = o.hour_at
),

final as (
    select
        p.product_id,
        max(case when l.hour_at = p.name_hour then l.product_name end) as product_name,
        max(case when l.hour_at = p.category_hour then l.category end) as category,
        max(case when l.hour_at = p.brand_hour then l.brand end) as brand,
        max(case when l.hour_at = p.price_hour then l.price end) as price,
        p.is_product,
        p.first_seen_at,
        p.last_seen_at,
        p.events,
        p.order_lines
    from products p
    left join latest l on l.product_id = p.product_id
    group by
        p.product_id, p.is_product, p.first_seen_at, p.last_seen_at, p.events, p.order_lines
)

select * from final
