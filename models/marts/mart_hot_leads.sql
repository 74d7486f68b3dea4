-- The Hot Leads of mart_customers (latest abandoned cart ended within hot_lead_days of
-- as_of, no order since), with what they left in the cart, contact and propensity;
-- lead_rank 1 = highest propensity. Reads only the last hot_lead_days of add-to-cart and
-- removal events, of the hot leads only.
--
-- The cart: each product the lead added in the last hot_lead_days that is still in it,
-- i.e. added after both its latest removal and its latest order (by this user) in that
-- time. cart_units = the quantities of those later adds (1 when not sent); the estimated
-- value uses the price on the latest add.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

leads as (
    select *
    from {{ ref('mart_customers') }}
    where lifecycle_stage = 'Hot Lead'
),

recent_events as (
    select
        e.user_key,
        e.event_type,
        e.event_at,
        e.message_id,
        e.product_id,
        e.price,
        coalesce(e.quantity, 1) as quantity
    from {{ ref('stg_events') }} e
    join leads l on l.user_key = e.user_key
    where not e.is_bot
      and e.event_type in ('product_added', 'product_removed')
      and e.product_id is not null
      and e.event_at >= (select as_of - hot_lead_days * interval '1 day' from context)
      and e.event_at <= (select as_of from context)
),

recent_orders as (
    select o.user_key, l.product_id, max(o.ordered_at) as last_ordered_at
    from {{ ref('stg_orders') }} o
    join leads le on le.user_key = o.user_key
    join {{ ref('stg_order_lines') }} l on l.order_id = o.order_id and l.is_product
    where o.ordered_at >= (select as_of - hot_lead_days * interval '1 day' from context)
      and o.ordered_at <= (select as_of from context)
    group by o.user_key, l.product_id
),

removals as (
    select user_key, product_id, max(event_at) as last_removed_at
    from recent_events
    where event_type = 'product_removed'
    group by user_key, product_id
),

-- Adds after the product last left the cart (removed or ordered).
open_adds as (
    select a.*
    from recent_events a
    left join removals r on r.user_key = a.user_key and r.product_id = a.product_id
    left join recent_orders o on o.user_key = a.user_key and o.product_id = a.product_id
    where a.event_type = 'product_added'
      and (r.last_removed_at is null or a.event_at > r.last_removed_at)
      and (o.last_ordered_at is null or a.event_at > o.last_ordered_at)
),

cart_lines as (
    select
        user_key,
        product_id,
        cast(sum(quantity) as bigint) as units,
        max(case when add_rank = 1 then price end) as price
    from (
        select
            *,
            row_number() over (
                partition by user_key, product_id
                order by case when price is null then 1 else 0 end, event_at desc, message_id desc
            ) as add_rank
        from open_adds
    ) ranked
    group by user_key, product_id
),

carts as (
    select
        user_key,
        count(*) as cart_items,
        cast(sum(units) as bigint) as cart_units,
        cast(coalesce(sum(price * units), 0) as decimal(38, 4)) as cart_value,
        string_agg(product_id, ', ' order by product_id) as cart_products
    from cart_lines
    group by user_key
),

final as (
    select
        l.user_key,
        row_number() over (order by l.propensity_score desc, l.user_key) as lead_rank,
        l.propensity_score,
        l.email,
        l.customer_name,
        l.country,
        l.last_abandoned_at,
        cast(floor(
            cast(extract(epoch from (c.as_of - l.last_abandoned_at)) as double precision) / 60
        ) as integer) as minutes_since_abandoned,
        coalesce(ca.cart_items, 0) as cart_items,
        coalesce(ca.cart_units, 0) as cart_units,
        coalesce(ca.cart_value, cast(0 as decimal(38, 4))) as cart_value,
        ca.cart_products,
        l.orders,
        l.lifetime_value,
        l.last_order_at,
        l.last_visit_day,
        l.value_tier,
        l.rfm_segment
    from leads l
    cross join context c
    left join carts ca on ca.user_key = l.user_key
)

select * from final
