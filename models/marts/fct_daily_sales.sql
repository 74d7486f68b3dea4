-- Daily sales per local day, country and payment method: orders, customers, units and
-- product revenue gross, refunded and net, by the day the orders were placed (a refund
-- counts against its order's day, so each day adds up to fct_sales). The gross part is
-- stored incrementally; the refunds (stored per refund in int_star_refund_allocations),
-- which change old days, are added when read.
with

gross as (
    select * from {{ ref('int_star_daily_sales') }}
),

refunds as (
    select
        s.date_key,
        s.country,
        s.payment_method,
        sum(r.refunded_revenue) as refunded_revenue
    from {{ ref('int_star_refund_allocations') }} r
    join {{ ref('int_star_sales_lines') }} s on s.order_id = r.order_id and s.line_no = r.line_no
    group by s.date_key, s.country, s.payment_method
),

final as (
    select
        g.date_key,
        cast(extract(isodow from cast(g.date_key as timestamp)) as integer) as day_of_week,
        g.country,
        g.payment_method,
        g.orders,
        g.customers,
        g.units,
        g.gross_revenue,
        cast(coalesce(r.refunded_revenue, 0) as decimal(38, 4)) as refunded_revenue,
        cast(g.gross_revenue - coalesce(r.refunded_revenue, 0) as decimal(38, 4)) as net_revenue,
        g.non_product_revenue
    from gross g
    left join refunds r
        on r.date_key = g.date_key
       and r.country = g.country
       and r.payment_method = g.payment_method
)

select * from final
