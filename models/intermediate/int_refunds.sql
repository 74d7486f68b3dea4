-- Each refund or cancellation with the product revenue it actually gives back: the amount
-- sent, or the whole order when none was sent, never more than what the order has left.
-- A refund whose order is not in silver gives back nothing here and is flagged an orphan.
with

refunds as (
    select * from {{ ref('stg_refunds') }}
),

orders as (
    select order_id, revenue from {{ ref('stg_orders') }}
),

requested as (
    select
        r.*,
        o.revenue as order_revenue,
        o.order_id is null as is_orphan,
        coalesce(r.amount, o.revenue, 0) as requested_amount
    from refunds r
    left join orders o on o.order_id = r.order_id
),

running as (
    select
        *,
        coalesce(sum(requested_amount) over (
            partition by order_id
            order by refunded_at, refund_seq
            rows between unbounded preceding and 1 preceding
        ), 0) as refunded_before
    from requested
),

final as (
    select
        refund_seq,
        order_id,
        kind,
        refunded_at,
        refund_day,
        user_key,
        reason,
        line_count,
        is_orphan,
        amount as requested_amount,
        cast(
            case
                when is_orphan then 0
                else greatest(least(requested_amount, order_revenue - refunded_before), 0)
            end as decimal(18, 4)
        ) as refund_amount
    from running
)

select * from final
