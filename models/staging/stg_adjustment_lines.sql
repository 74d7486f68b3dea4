-- The lines of adjustment_recorded events: stock moves, bad debt, free lines, unmatched
-- cancellations, non-product credits and duplicate lines. Kept apart from orders and
-- refunds: no order, revenue or units model reads them. Price and quantity are signed.
with

source as (
    select * from {{ source('silver', 'adjustment_lines') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

context as (
    select report_tz from {{ source('ops', 'run_context') }}
),

final as (
    select
        s.seq as adjustment_seq,
        s.line_no,
        s.message_id,
        s.adjustment_id,
        s.kind,
        s.adjusted_at,
        cast((s.adjusted_at at time zone 'UTC') at time zone c.report_tz as date) as adjusted_day,
        s.user_key,
        s.product_id,
        s.name as product_name,
        s.price,
        s.quantity,
        s.amount,
        s.currency,
        s.reason
    from source s
    cross join context c
)

select * from final
