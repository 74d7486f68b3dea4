-- Order lines as they were sold, without refunds: the incremental part of fct_sales. Each
-- line gets its order's local day, the customer version valid at the order time (SCD2
-- point-in-time) and the order's country: the customer's country at that time, else the
-- country of the order_completed event, else 'unknown'. Refunds change old orders, so they
-- are joined on in fct_sales (a view) rather than stored here.
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

orders as (
    select order_id, seq, user_key, ordered_at, order_day, payment_method, currency
    from {{ ref('stg_orders') }}
    where ordered_at >= (select window_start from context)
),

lines as (
    select *
    from {{ ref('stg_order_lines') }}
    where order_id in (select order_id from orders)
),

-- The order_completed event is the order's own event (same ingest seq and time).
order_events as (
    select seq, country
    from {{ ref('stg_events') }}
    where event_type = 'order_completed'
      and event_at >= (select window_start from context)
),

versions as (
    select customer_sk, user_key, valid_from, country
    from {{ ref('int_star_customer_versions') }}
    where user_key in (select user_key from orders)
),

-- The version valid at the order time: the latest one starting at or before it. Every
-- order has one, because a customer's first version starts no later than the first order.
order_versions as (
    select o.order_id, o.user_key, max(v.valid_from) as valid_from
    from orders o
    join versions v on v.user_key = o.user_key and v.valid_from <= o.ordered_at
    group by o.order_id, o.user_key
),

order_customers as (
    select ov.order_id, v.customer_sk, v.country
    from order_versions ov
    join versions v on v.user_key = ov.user_key and v.valid_from = ov.valid_from
),

final as (
    select
        l.order_id,
        l.line_no,
        o.order_day as date_key,
        o.ordered_at,
        o.user_key,
        oc.customer_sk,
        l.product_id,
        l.sku,
        l.product_name,
        o.payment_method,
        o.currency,
        coalesce(oc.country, nullif(e.country, 'unknown'), 'unknown') as country,
        case
            when oc.country is not null then 'customer'
            when e.country is not null and e.country <> 'unknown' then 'order_event'
            else 'unknown'
        end as country_source,
        l.line_type,
        l.is_product,
        l.quantity,
        l.price,
        l.line_revenue
    from lines l
    join orders o on o.order_id = l.order_id
    left join order_customers oc on oc.order_id = l.order_id
    left join order_events e on e.seq = o.seq
)

select * from final
