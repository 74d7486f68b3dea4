-- The product lines of a per-line refund.
with

source as (
    select * from {{ source('silver', 'refund_lines') }}
    -- the run's snapshot: every model of a run reads the same silver
    where seq <= (select watermark_seq from {{ source('ops', 'run_context') }})
),

final as (
    select
        seq as refund_seq,
        line_no,
        order_id,
        product_id,
        price,
        quantity,
        amount
    from source
)

select * from final
