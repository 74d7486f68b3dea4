-- Daily sales per local day and customer (user_key): orders, units and product revenue
-- gross, refunded and net, by the day the orders were placed. The gross part is stored
-- incrementally; the refunds (stored per refund in int_star_refund_allocations), which
-- change old days, are added when read.
with

gross as (
    select * from {{ ref('int_star_customer_daily') }}
),

refunds as (
    select s.date_key, s.user_key, sum(r.refunded_revenue) as refunded_revenue
    from {{ ref('int_star_refund_allocations') }} r
    join {{ ref('int_star_sales_lines') }} s on s.order_id = r.order_id and s.line_no = r.line_no
    group by s.date_key, s.user_key
),

final as (
    select
        g.date_key,
        g.user_key,
        g.orders,
        g.units,
        g.gross_revenue,
        cast(coalesce(r.refunded_revenue, 0) as decimal(38, 4)) as refunded_revenue,
        cast(g.gross_revenue - coalesce(r.refunded_revenue, 0) as decimal(38, 4)) as net_revenue
    from gross g
    left join refunds r on r.date_key = g.date_key and r.user_key = g.user_key
)

select * from final
