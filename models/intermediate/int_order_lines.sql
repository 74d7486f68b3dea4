-- Order lines with the product revenue refunded from each. A refund that names its lines
-- goes to those products' lines; one that does not is spread over the order's product
-- lines in proportion to their revenue. Non-product lines carry no product revenue.
with

lines as (
    select * from {{ ref('stg_order_lines') }}
),

orders as (
    select order_id, user_key, ordered_at, order_day, payment_method, currency
    from {{ ref('stg_orders') }}
),

refunds as (
    select * from {{ ref('int_refunds') }} where refund_amount > 0
),

refund_lines as (
    select * from {{ ref('stg_refund_lines') }}
),

shares as (
    select
        *,
        line_revenue / nullif(sum(line_revenue) over (partition by order_id), 0) as order_share,
        line_revenue
            / nullif(sum(line_revenue) over (partition by order_id, product_id), 0) as product_share
    from lines
    where is_product
),

named as (
    select s.order_id, s.line_no, sum(rl.amount * s.product_share) as refunded
    from refunds r
    join refund_lines rl on rl.refund_seq = r.refund_seq
    join shares s on s.order_id = rl.order_id and s.product_id = rl.product_id
    where r.line_count > 0
    group by s.order_id, s.line_no
),

spread as (
    select s.order_id, s.line_no, sum(r.refund_amount * s.order_share) as refunded
    from refunds r
    join shares s on s.order_id = r.order_id
    where r.line_count = 0
    group by s.order_id, s.line_no
),

final as (
    select
        l.order_id,
        l.line_no,
        o.user_key,
        o.ordered_at,
        o.order_day,
        o.payment_method,
        o.currency,
        l.product_id,
        l.sku,
        l.product_name,
        l.category,
        l.brand,
        l.line_type,
        l.is_product,
        l.price,
        l.quantity,
        l.line_revenue,
        cast(
            case
                when not l.is_product then 0
                else least(l.line_revenue, coalesce(n.refunded, 0) + coalesce(s.refunded, 0))
            end as decimal(18, 4)
        ) as refunded_revenue
    from lines l
    join orders o on o.order_id = l.order_id
    left join named n on n.order_id = l.order_id and n.line_no = l.line_no
    left join spread s on s.order_id = l.order_id and s.line_no = l.line_no
)

select
    *,
    cast(case when is_product then line_revenue - refunded_revenue else 0 end as decimal(18, 4))
        as net_revenue
from final
