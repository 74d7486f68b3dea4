-- One row per order with what its refunds gave back: net revenue = revenue - refunds.
with

orders as (
    select * from {{ ref('stg_orders') }}
),

refunds as (
    select
        order_id,
        sum(refund_amount) as refunded_revenue,
        max(case when kind = 'cancel' then 1 else 0 end) = 1 as has_cancellation,
        min(refunded_at) as first_refunded_at
    from {{ ref('int_refunds') }}
    where not is_orphan
    group by order_id
),

final as (
    select
        o.*,
        cast(coalesce(r.refunded_revenue, 0) as decimal(18, 4)) as refunded_revenue,
        cast(o.revenue - coalesce(r.refunded_revenue, 0) as decimal(18, 4)) as net_revenue,
        coalesce(r.refunded_revenue, 0) >= o.revenue and o.revenue > 0 as is_fully_refunded,
        coalesce(r.has_cancellation, false) as has_cancellation,
        r.first_refunded_at
    from orders o
    left join refunds r on r.order_id = o.order_id
)

select * from final
