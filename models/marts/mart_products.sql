-- One row per product seen in the clickstream or sold: engagement from int_product_days
-- (session based, bots left out), sales from the order lines (int_order_lines: every
-- order, product lines only, net of refunds), the rates between them, ranks, and the
-- product's latest name, category, brand and price. Reads daily aggregates and order
-- lines only, never the raw events.
with

product_days as (
    select * from {{ ref('int_product_days') }}
),

order_lines as (
    select * from {{ ref('int_order_lines') }} where is_product
),

engagement as (
    select
        product_id,
        min(day) as first_seen_day,
        max(day) as last_seen_day,
        cast(sum(views) as bigint) as views,
        cast(sum(add_to_carts) as bigint) as add_to_carts,
        cast(sum(units_added) as bigint) as units_added,
        cast(sum(removals) as bigint) as removals,
        cast(sum(sessions_viewed) as bigint) as sessions_viewed,
        cast(sum(sessions_added) as bigint) as sessions_added,
        cast(sum(sessions_ordered) as bigint) as sessions_ordered,
        cast(sum(sessions_viewed_added) as bigint) as sessions_viewed_added,
        cast(sum(sessions_viewed_ordered) as bigint) as sessions_viewed_ordered,
        cast(sum(sessions_added_ordered) as bigint) as sessions_added_ordered,
        cast(sum(sessions_cart_abandoned) as bigint) as sessions_cart_abandoned
    from product_days
    group by product_id
),

sales as (
    select
        product_id,
        count(distinct order_id) as orders,
        cast(sum(quantity) as bigint) as units,
        cast(sum(line_revenue) as decimal(38, 4)) as gross_revenue,
        cast(sum(refunded_revenue) as decimal(38, 4)) as refunded_revenue,
        cast(sum(net_revenue) as decimal(38, 4)) as net_revenue,
        min(order_day) as first_order_day,
        max(order_day) as last_order_day
    from order_lines
    group by product_id
),

-- Name, category, brand and price: each from the latest observation that carries it,
-- product events (a product-day, as of its last event) or order lines (as of the order);
-- on a tie in time, the greatest value. The latest time per attribute, then the values at
-- that time: no sort.
observations as (
    select product_id, last_event_at as observed_at, product_name, category, brand, price
    from product_days
    where last_event_at is not null
    union all
    select product_id, ordered_at, product_name, category, brand, price
    from order_lines
),

latest as (
    select
        product_id,
        max(case when product_name is not null then observed_at end) as name_at,
        max(case when category is not null then observed_at end) as category_at,
        max(case when brand is not null then observed_at end) as brand_at,
        max(case when price is not null then observed_at end) as price_at
    from observations
    group by product_id
),

attributes as (
    select
        l.product_id,
        max(case when o.observed_at = l.name_at then o.product_name end) as product_name,
        max(case when o.observed_at = l.category_at then o.category end) as category,
        max(case when o.observed_at = l.brand_at then o.brand end) as brand,
        max(case when o.observed_at = l.price_at then o.price end) as price
    from latest l
    join observations o on o.product_id = l.product_id
    group by l.product_id
),

products as (
    select product_id from engagement
    union
    select product_id from sales
),

joined as (
    select
        p.product_id,
        a.product_name,
        a.category,
        a.brand,
        cast(a.price as decimal(18, 4)) as price,
        coalesce(e.views, 0) as views,
        coalesce(e.add_to_carts, 0) as add_to_carts,
        coalesce(e.units_added, 0) as units_added,
        coalesce(e.removals, 0) as removals,
        coalesce(s.orders, 0) as orders,
        coalesce(s.units, 0) as units,
        coalesce(s.gross_revenue, cast(0 as decimal(38, 4))) as gross_revenue,
        coalesce(s.refunded_revenue, cast(0 as decimal(38, 4))) as refunded_revenue,
        coalesce(s.net_revenue, cast(0 as decimal(38, 4))) as net_revenue,
        coalesce(e.sessions_viewed, 0) as sessions_viewed,
        coalesce(e.sessions_added, 0) as sessions_added,
        coalesce(e.sessions_ordered, 0) as sessions_ordered,
        coalesce(e.sessions_viewed_added, 0) as sessions_viewed_added,
        coalesce(e.sessions_viewed_ordered, 0) as sessions_viewed_ordered,
        coalesce(e.sessions_added_ordered, 0) as sessions_added_ordered,
        coalesce(e.sessions_cart_abandoned, 0) as sessions_cart_abandoned,
        e.first_seen_day,
        e.last_seen_day,
        s.first_order_day,
        s.last_order_day
    from products p
    left join engagement e on e.product_id = p.product_id
    left join sales s on s.product_id = p.product_id
    left join attributes a on a.product_id = p.product_id
),

final as (
    select
        *,
        cast(sessions_viewed_added as double precision) / nullif(sessions_viewed, 0)
            as view_to_cart_rate,
        cast(sessions_added_ordered as double precision) / nullif(sessions_added, 0)
            as cart_to_order_rate,
        cast(sessions_viewed_ordered as double precision) / nullif(sessions_viewed, 0)
            as view_to_order_rate,
        cast(sessions_cart_abandoned as double precision) / nullif(sessions_added, 0)
            as cart_abandonment_rate,
        rank() over (order by net_revenue desc) as revenue_rank,
        rank() over (order by units desc) as units_rank
    from joined
)

select * from final
