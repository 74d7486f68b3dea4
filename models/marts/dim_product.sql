-- Products: one row per product_id with the latest observed name, category, brand and price
-- (the latest non-null value of each, from product events and order lines), and when the
-- product was first and last seen. Built over the hourly observations, never over events.
with

observations as (
    select * from {{ ref('int_star_product_observations') }}
),

products as (
    select
        product_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        bool_or(is_product) as is_product,
        cast(sum(events) as bigint) as events,
        cast(sum(order_lines) as bigint) as order_lines
    from observations
    group by product_id
),

-- Each attribute from the last hour it was seen non-null.
name_hours as (
    select product_id, max(hour_at) as hour_at
    from observations
    where product_name is not null
    group by product_id
),

category_hours as (
    select product_id, max(hour_at) as hour_at
    from observations
    where category is not null
    group by product_id
),

brand_hours as (
    select product_id, max(hour_at) as hour_at
    from observations
    where brand is not null
    group by product_id
),

price_hours as (
    select product_id, max(hour_at) as hour_at
    from observations
    where price is not null
    group by product_id
),

final as (
    select
        p.product_id,
        n.product_name,
        c.category,
        b.brand,
        pr.price,
        p.is_product,
        p.first_seen_at,
        p.last_seen_at,
        p.events,
        p.order_lines
    from products p
    left join name_hours nd on nd.product_id = p.product_id
    left join observations n on n.product_id = nd.product_id and n.hour_at = nd.hour_at
    left join category_hours cd on cd.product_id = p.product_id
    left join observations c on c.product_id = cd.product_id and c.hour_at = cd.hour_at
    left join brand_hours bd on bd.product_id = p.product_id
    left join observations b on b.product_id = bd.product_id and b.hour_at = bd.hour_at
    left join price_hours pd on pd.product_id = p.product_id
    left join observations pr on pr.product_id = pd.product_id and pr.hour_at = pd.hour_at
)

select * from final
