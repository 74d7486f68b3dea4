-- One row per order. revenue is product revenue; non-product lines, tax and shipping are
-- apart from it, as sent.
with

source as (
    select * from {{ source('silver', 'orders') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

context as (
    select report_tz from {{ source('ops', 'run_context') }}
),

final as (
    select
        s.order_id,
        s.seq,
        s.user_key,
        s.user_id,
        s.ordered_at,
        cast((s.ordered_at at time zone 'UTC') at time zone c.report_tz as timestamp) as ordered_local_at,
        cast((s.ordered_at at time zone 'UTC') at time zone c.report_tz as date) as order_day,
        s.currency,
        s.revenue,
        s.non_product_revenue,
        s.tax,
        s.shipping,
        s.discount,
        s.total,
        coalesce(s.payment_method, 'unknown') as payment_method,
        s.line_count,
        s.units
    from source s
    cross join context c
)

select * from final
