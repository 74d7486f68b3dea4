-- One row per customer (user_key) with at least one order: order count, first and last
-- order, and gross, refunded and net product revenue. Every order counts, a fully refunded
-- or cancelled one too (it adds 0 to net revenue), as in AOV = net revenue / orders.
-- The input of mart_rfm and mart_customers, computed once per run.
with

orders as (
    select * from {{ ref('int_orders') }}
),

final as (
    select
        user_key,
        count(*) as orders,
        count(*) filter (where is_fully_refunded) as fully_refunded_orders,
        cast(sum(units) as bigint) as units,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        min(order_day) as first_order_day,
        max(order_day) as last_order_day,
        cast(sum(revenue) as decimal(38, 4)) as gross_revenue,
        cast(sum(refunded_revenue) as decimal(38, 4)) as refunded_revenue,
        cast(sum(net_revenue) as decimal(38, 4)) as net_revenue
    from orders
    group by user_key
)

select * from final
