-- One row per refund or cancellation. amount is the product revenue given back; null means
-- the whole order (resolved against the order downstream).
with

source as (
    select * from {{ source('silver', 'refunds') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

context as (
    select report_tz from {{ source('ops', 'run_context') }}
),

final as (
    select
        s.seq as refund_seq,
        s.order_id,
        s.kind,
        s.refunded_at,
        cast((s.refunded_at at time zone 'UTC') at time zone c.report_tz as date) as refund_day,
        s.amount,
        s.currency,
        s.reason,
        s.user_key,
        s.line_count
    from source s
    cross join context c
)

select * from final
