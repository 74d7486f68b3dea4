-- Sales at order-line grain: every line of every order with its day, customer version,
-- product, payment method and country, and its revenue gross, refunded and net. A view
-- over two incremental tables: the lines as sold (int_star_sales_lines) and what each
-- refund took from each line (int_star_refund_allocations). A refund may come days after
-- its order and change an old line, which one incremental table of lines could not follow.
with

lines as (
    select * from {{ ref('int_star_sales_lines') }}
),

refunds as (
    select order_id, line_no, sum(refunded_revenue) as refunded_revenue
    from {{ ref('int_star_refund_allocations') }}
    group by order_id, line_no
),

final as (
    select
        l.order_id,
        l.line_no,
        l.date_key,
        l.ordered_at,
        l.user_key,
        l.customer_sk,
        l.product_id,
        l.sku,
        l.product_name,
        l.payment_method,
        l.currency,
        l.country,
        l.country_source,
        l.line_type,
        l.is_product,
        l.quantity,
        l.price,
        l.line_revenue,
        cast(case when l.is_product then coalesce(r.refunded_revenue, 0) else 0 end as decimal(18, 4))
            as refunded_revenue,
        cast(
            case when l.is_product then l.line_revenue - coalesce(r.refunded_revenue, 0) else 0 end
            as decimal(18, 4)
        ) as net_revenue
    from lines l
    left join refunds r on r.order_id = l.order_id and r.line_no = l.line_no
)

select * from final
