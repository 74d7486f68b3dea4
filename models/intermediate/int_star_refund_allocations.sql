-- What each refund takes from each product line of its order, stored per refund so that a
-- late refund adds rows instead of changing old ones. The rules are int_order_lines' (named
-- refund lines go to that product's lines by revenue, other refunds are spread over the
-- order's product lines by revenue, a line never gives back more than its revenue), applied
-- cumulatively in refund order: refunded_revenue is the line's refunded total (rounded to
-- 4 places) after this refund minus the same before it. Summed per line, the rows give
-- exactly int_order_lines.refunded_revenue (a data test on fct_sales checks it). Incremental
-- on refunded_at: the orders of the refunds in the window are recomputed from their whole
-- refund history (an order arriving after its refund opens the window before the refund).
with

context as (
    select * from {{ source('ops', 'run_context') }}
),

touched as materialized (
    select distinct order_id
    from {{ ref('stg_refunds') }}
    where refunded_at >= (select window_start from context)
),

-- refund_amount as int_refunds computes it (the amount sent, else the whole order, capped at
-- what the order has left after earlier refunds; a refund of an unknown order gives
-- nothing), for the touched orders only: int_refunds itself evaluates every refund.
order_refunds as (
    select r.refund_seq, r.order_id, r.refunded_at, r.line_count, r.amount, o.revenue
    from {{ ref('stg_refunds') }} r
    join {{ ref('stg_orders') }} o on o.order_id = r.order_id
    where r.order_id in (select order_id from touched)
),

requested as (
    select
        *,
        coalesce(amount, revenue, 0) as requested_amount
    from order_refunds
),

running_requests as (
    select
        *,
        coalesce(sum(requested_amount) over (
            partition by order_id
            order by refunded_at, refund_seq
            rows between unbounded preceding and 1 preceding
        ), 0) as refunded_before
    from requested
),

refunds as (
    select *
    from (
        select
            refund_seq,
            order_id,
            refunded_at,
            line_count,
            cast(
                greatest(least(requested_amount, revenue - refunded_before), 0) as decimal(18, 4)
            ) as refund_amount
        from running_requests
    ) capped
    where refund_amount > 0
),

lines as (
    select order_id, line_no, product_id, line_revenue
    from {{ ref('stg_order_lines') }}
    where is_product
      and order_id in (select order_id from refunds)
),

order_totals as (
    select order_id, sum(line_revenue) as revenue
    from lines
    group by order_id
),

product_totals as (
    select order_id, product_id, sum(line_revenue) as revenue
    from lines
    group by order_id, product_id
),

shares as (
    select
        l.*,
        l.line_revenue / nullif(o.revenue, 0) as order_share,
        l.line_revenue / nullif(p.revenue, 0) as product_share
    from lines l
    join order_totals o on o.order_id = l.order_id
    join product_totals p on p.order_id = l.order_id and p.product_id = l.product_id
),

refund_lines as (
    select * from {{ ref('stg_refund_lines') }}
    where refund_seq in (select refund_seq from refunds)
),

-- What each refund asks of each line, before the cap at the line's revenue.
named as (
    select
        r.refund_seq,
        r.order_id,
        r.refunded_at,
        s.line_no,
        sum(rl.amount * s.product_share) as requested
    from refunds r
    join refund_lines rl on rl.refund_seq = r.refund_seq
    join shares s on s.order_id = rl.order_id and s.product_id = rl.product_id
    where r.line_count > 0
    group by r.refund_seq, r.order_id, r.refunded_at, s.line_no
),

spread as (
    select
        r.refund_seq,
        r.order_id,
        r.refunded_at,
        s.line_no,
        r.refund_amount * s.order_share as requested
    from refunds r
    join shares s on s.order_id = r.order_id
    where r.line_count = 0
),

requests as (
    select * from named
    union all
    select * from spread
),

-- The line's refunded total after each refund, capped and rounded as int_order_lines does.
running as (
    select
        q.refund_seq,
        q.order_id,
        q.refunded_at,
        q.line_no,
        cast(
            least(
                s.line_revenue,
                sum(q.requested) over (
                    partition by q.order_id, q.line_no
                    order by q.refunded_at, q.refund_seq
                    rows unbounded preceding
                )
            ) as decimal(18, 4)
        ) as refunded_total
    from requests q
    join shares s on s.order_id = q.order_id and s.line_no = q.line_no
),

final as (
    select
        refund_seq,
        order_id,
        line_no,
        refunded_at,
        cast(
            refunded_total - coalesce(lag(refunded_total) over (
                partition by order_id, line_no order by refunded_at, refund_seq
            ), 0) as decimal(18, 4)
        ) as refunded_revenue
    from running
)

select * from final
